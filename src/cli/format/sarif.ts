// SARIF 2.1.0 for code-scanning tools. Results carry masked previews and keyed fingerprints only.
import type { DetectionEngine, Finding, Severity } from '../../rules/index.js';
import { LineIndex } from './lines.js';

const LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = { low: 'note', medium: 'warning', high: 'error', critical: 'error' };

export interface SarifInput {
  location: string;
  text: string;
  findings: Finding[];
}

export function toSarif(engine: DetectionEngine, inputs: SarifInput[]): object {
  const used = new Set(inputs.flatMap((i) => i.findings.map((f) => f.ruleId)));
  const rules = engine.compiled.filter((r) => used.has(r.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = inputs.flatMap(({ location, text, findings }) => {
    const idx = new LineIndex(text);
    return findings.map((f) => {
      const a = idx.position(f.start);
      const b = idx.position(f.end);
      return {
        ruleId: `${f.category}/${f.ruleId}`,
        ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
        level: LEVEL[f.severity],
        message: { text: `${f.ruleName} (${f.preview})` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: location },
              region: { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column, charOffset: f.start, charLength: f.end - f.start },
            },
          },
        ],
        partialFingerprints: { 'dlpFingerprint/v1': f.fingerprint },
        properties: { category: f.category, severity: f.severity, confidence: f.confidence },
      };
    });
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'chat-dlp',
            informationUri: 'https://github.com/chat-dlp/chat-dlp',
            rules: rules.map((r) => ({
              id: `${r.spec.category}/${r.id}`,
              name: r.spec.name,
              shortDescription: { text: r.spec.name },
              fullDescription: { text: r.spec.description },
              defaultConfiguration: { level: LEVEL[r.spec.severity] },
              properties: { category: r.spec.category, severity: r.spec.severity, tags: r.spec.tags },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
