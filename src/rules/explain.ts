// Explanation on request: re-scan with `explain: true` and return the finding at the same span.
import type { Engine, Finding } from './types.js';

export function explainFinding(engine: Engine, text: string, finding: Finding): Finding['explanation'] {
  return engine.scan(text, { explain: true }).find((f) => f.ruleId === finding.ruleId && f.start === finding.start && f.end === finding.end)?.explanation;
}
