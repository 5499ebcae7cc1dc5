// Shared vocabulary of the detection engine. Nothing here imports a platform SDK or storage.

export const CATEGORIES = ['secret', 'personal', 'legal', 'classification'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Ordinal comparison helper: severityRank('high') > severityRank('low'). */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/**
 * Classification levels on one ordinal scale, named after the UK Government Security
 * Classifications. Other schemes (US, NATO, TLP, corporate labels) are mapped onto it by the
 * rule that recognises them, so that policy can compare any marking with a conversation's ceiling.
 */
export const CLASSIFICATION_LEVELS = [
  'unclassified',
  'official',
  'official-sensitive',
  'secret',
  'top-secret',
] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];

export function levelRank(l: ClassificationLevel): number {
  return CLASSIFICATION_LEVELS.indexOf(l);
}

// `national`: other countries' own schemes (German VS grades, French DIFFUSION RESTREINTE…);
// `eu` is for EU classified information (EUCI) only.
export const MARKING_SCHEMES = ['uk', 'us', 'nato', 'eu', 'national', 'tlp', 'corporate'] as const;
export type MarkingScheme = (typeof MARKING_SCHEMES)[number];

export interface Marking {
  scheme: MarkingScheme;
  level: ClassificationLevel;
}

/** Why a finding fired; produced only when asked for (scan options `explain: true`). */
export interface Explanation {
  pattern?: string;
  validators: Array<{ name: string; passed: boolean; detail?: string }>;
  contextWords: string[];
  allowlistChecked: boolean;
  baseConfidence: number;
  notes: string[];
}

/**
 * One detection. Never carries the raw sensitive value: `preview` is masked and `fingerprint`
 * is a keyed HMAC-SHA256 (hex) of the normalised value.
 */
export interface Finding {
  ruleId: string;
  ruleName: string;
  category: Category;
  severity: Severity;
  /** 0..1 */
  confidence: number;
  /** UTF-16 offsets into the ORIGINAL text (before normalisation). */
  start: number;
  end: number;
  preview: string;
  fingerprint: string;
  marking?: Marking;
  explanation?: Explanation;
}

export interface ScanOptions {
  explain?: boolean;
  minSeverity?: Severity;
}

/** A loaded rule as the console, the CLI and notices see it (no compiled internals). */
export interface RuleInfo {
  id: string;
  name: string;
  category: Category;
  severity: Severity;
  description: string;
  mode: 'enforce' | 'monitor' | 'off';
  marking?: Marking;
  source?: string;
  examples: { match: string[]; no_match: string[] };
  /** Where it was defined. */
  file: string;
  line: number;
}

/** What `createEngine` returns. */
export interface Engine {
  readonly ruleCount: number;
  readonly rules: readonly RuleInfo[];
  scan(text: string, options?: ScanOptions): Finding[];
  /** Replace exactly the findings' spans, each in its rule's redaction style; nothing else changes. */
  redact(text: string, findings: Finding[]): string;
}
