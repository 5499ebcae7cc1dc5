// A delegating Engine whose target can be swapped at run time (hot reload) while the core keeps
// the same object. It also feeds the scan metrics, so the core needs no metrics code.
import { performance } from 'node:perf_hooks';
import type { Engine, Finding, RuleInfo, ScanOptions } from '../rules/types.js';
import type { ServiceMetrics } from './metrics.js';

export interface LiveEngine extends Engine {
  swap(next: Engine): void;
  readonly current: Engine;
  /** A scan for the console playground: not counted in the metrics (nothing typed there is kept). */
  scanUncounted(text: string, options?: ScanOptions): Finding[];
}

export function createLiveEngine(initial: Engine, metrics?: ServiceMetrics, source = 'chat'): LiveEngine {
  let target = initial;
  return {
    get ruleCount() {
      return target.ruleCount;
    },
    get rules(): readonly RuleInfo[] {
      return target.rules;
    },
    get current() {
      return target;
    },
    swap(next: Engine) {
      target = next;
    },
    scan(text: string, options?: ScanOptions): Finding[] {
      const t0 = performance.now();
      const findings = target.scan(text, options);
      if (metrics) {
        metrics.scanSeconds.observe({ source }, (performance.now() - t0) / 1000);
        metrics.messagesScanned.inc({ source });
        for (const f of findings) metrics.findings.inc({ rule: f.ruleId, category: f.category, severity: f.severity });
      }
      return findings;
    },
    scanUncounted(text: string, options?: ScanOptions): Finding[] {
      return target.scan(text, options);
    },
    redact(text: string, findings: Finding[]): string {
      return target.redact(text, findings);
    },
  };
}

/** An engine with no rules, used until the first load succeeds (scans find nothing). */
export const EMPTY_ENGINE: Engine = {
  ruleCount: 0,
  rules: [],
  scan: () => [],
  redact: (text) => text,
};
