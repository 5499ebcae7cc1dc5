// Masked previews, redaction replacements and keyed fingerprints: the only forms in which a
// sensitive value ever leaves the engine.
import { createHmac } from 'node:crypto';

export type RedactionStyle = 'label' | 'mask' | 'keep-last';

export interface RedactionSpec {
  style: RedactionStyle;
  keep_last: number;
  label?: string;
}

export const BULLET = '•';

/** `[label]`, without doubling brackets an author already wrote. */
export function labelText(label: string): string {
  return label.startsWith('[') && label.endsWith(']') ? label : `[${label}]`;
}

/** Separators kept visible in previews so the shape stays readable (`AB •• •• •• C`). */
function isSeparator(ch: string): boolean {
  return ch === ' ' || ch === '-' || ch === '/' || ch === '.' || ch === '\t';
}

/**
 * How many characters a preview may reveal at each end: 4+4 for long values (>= 20), otherwise
 * at most a quarter of the characters in total.
 */
function revealBudget(n: number, style: RedactionStyle, keepLast: number): { head: number; tail: number } {
  if (style === 'keep-last') {
    return { head: 0, tail: Math.min(keepLast, Math.floor(n / 4)) };
  }
  if (n >= 20) return { head: 4, tail: 4 };
  const shown = Math.floor(n / 4);
  const head = Math.floor(shown / 2);
  return { head, tail: shown - head };
}

/** The masked preview of a value, e.g. `AKIA••••••••••••MXEQ`. Never the raw value. */
export function maskedPreview(value: string, redaction: RedactionSpec, fallbackLabel: string): string {
  if (redaction.style === 'label') return labelText(redaction.label ?? fallbackLabel);
  const chars = [...value];
  const significant = chars.filter((c) => !isSeparator(c)).length;
  const { head, tail } = revealBudget(significant, redaction.style, redaction.keep_last);
  let seen = 0;
  let out = '';
  for (const ch of chars) {
    if (isSeparator(ch)) {
      out += ch === '\t' ? ' ' : ch;
      continue;
    }
    out += seen < head || seen >= significant - tail ? ch : BULLET;
    seen++;
  }
  // Collapse very long masks so a 100 kB token does not produce a 100 kB preview.
  return out.length > 64 ? `${out.slice(0, 8)}${BULLET.repeat(8)}…${out.slice(-8)}` : out;
}

/**
 * What `redact` writes over a span. It reveals NO character of the span: a label for `label`
 * rules, otherwise one bullet per character (capped at 32). Masked previews with a few visible
 * characters go only to private notices, never into a redacted copy.
 */
export function redactionText(spanText: string, redaction: RedactionSpec, fallbackLabel: string): string {
  if (redaction.style === 'label') return labelText(redaction.label ?? fallbackLabel);
  const n = Math.min(32, Math.max(1, [...spanText].length));
  return BULLET.repeat(n);
}

/** HMAC-SHA256 (hex) of the normalised value under the deployment's key. */
export function fingerprint(key: Buffer, normalisedValue: string): string {
  return createHmac('sha256', key).update(normalisedValue, 'utf8').digest('hex');
}
