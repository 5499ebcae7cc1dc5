// Test helpers: write rule packs into a fresh temporary directory.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function packDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dlp-rules-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}

/** A valid rule as YAML lines (indented as an item of `rules:`), with fields replaced/added. */
export function ruleYaml(fields: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    id: 'demo-token',
    name: 'Demo token',
    category: 'secret',
    severity: 'high',
    description: 'A demo token grants access to the demo service.',
    pattern: "'\\b(?<secret>dmo_[A-Za-z0-9]{16})\\b'",
    keywords: '[dmo_]',
    examples: "\n      match: ['token dmo_Ab3De5Gh7Jk9Mn2P here']\n      no_match: ['dmo_short']",
    ...fields,
  };
  const lines = Object.entries(base).filter(([, v]) => v !== '');
  return lines.map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`).join('\n');
}
