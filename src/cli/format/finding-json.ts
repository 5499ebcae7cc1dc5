// The JSON shape of a finding in CLI output (the JSONL contract): no raw value, ever.
import type { Finding } from '../../rules/index.js';

export interface FindingJson {
  rule: string;
  category: string;
  severity: string;
  confidence: number;
  start: number;
  end: number;
  preview: string;
}

export function findingJson(f: Finding): FindingJson {
  return { rule: f.ruleId, category: f.category, severity: f.severity, confidence: f.confidence, start: f.start, end: f.end, preview: f.preview };
}
