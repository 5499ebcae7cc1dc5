// Prometheus metrics (prom-client) in a registry of our own, so tests and several services in one
// process never collide. Labels carry rule ids, categories and kinds only: never a value, a
// preview or a conversation name.
import { Registry, Counter, Histogram, Gauge, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  messagesScanned: Counter<'source'>;
  findings: Counter<'rule' | 'category' | 'severity'>;
  actions: Counter<'kind' | 'outcome' | 'platform'>;
  eventsAccepted: Counter<'platform' | 'result'>;
  scanSeconds: Histogram<'source'>;
  endToEndSeconds: Histogram<'platform'>;
  outboxDepth: Gauge<string>;
  rulesLoaded: Gauge<string>;
  ruleLoadErrors: Gauge<string>;
  ruleReloads: Counter<'outcome'>;
  ruleReloadFailures: Counter<string>;
  consoleLogins: Counter<'outcome'>;
  /** Set by the service: how to read the outbox depth at scrape time. */
  setOutboxDepthSource(fn: () => Promise<number | undefined>): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'dlp_process_' });
  let depthSource: (() => Promise<number | undefined>) | undefined;
  const outboxDepth = new Gauge({
    name: 'dlp_outbox_depth',
    help: 'Actions waiting in the outbox (pending or being retried)',
    registers: [registry],
    async collect() {
      if (!depthSource) return;
      try {
        const n = await depthSource();
        if (n !== undefined) this.set(n);
      } catch {
        // A scrape must not fail because the store is briefly unreachable; /readyz reports that.
      }
    },
  });
  return {
    registry,
    messagesScanned: new Counter({ name: 'dlp_messages_scanned_total', help: 'Texts scanned by the engine', labelNames: ['source'], registers: [registry] }),
    findings: new Counter({ name: 'dlp_findings_total', help: 'Findings by rule, category and severity', labelNames: ['rule', 'category', 'severity'], registers: [registry] }),
    actions: new Counter({ name: 'dlp_actions_total', help: 'Platform actions by kind and outcome', labelNames: ['kind', 'outcome', 'platform'], registers: [registry] }),
    eventsAccepted: new Counter({ name: 'dlp_events_total', help: 'Chat events accepted by the core (new or duplicate)', labelNames: ['platform', 'result'], registers: [registry] }),
    scanSeconds: new Histogram({
      name: 'dlp_scan_seconds',
      help: 'Time to scan one text',
      labelNames: ['source'],
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    endToEndSeconds: new Histogram({
      name: 'dlp_end_to_end_seconds',
      help: 'Time from the message being sent to the warning being delivered',
      labelNames: ['platform'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    }),
    outboxDepth,
    rulesLoaded: new Gauge({ name: 'dlp_rules_loaded', help: 'Rules currently in force', registers: [registry] }),
    ruleLoadErrors: new Gauge({ name: 'dlp_rule_load_errors', help: 'Errors in the last refused rules/policy change (0 when the last load succeeded)', registers: [registry] }),
    ruleReloads: new Counter({ name: 'dlp_rule_reloads_total', help: 'Hot reloads of rules and policy by outcome', labelNames: ['outcome'], registers: [registry] }),
    ruleReloadFailures: new Counter({ name: 'dlp_rule_reload_failures_total', help: 'Rule or policy changes refused (previous rules kept)', registers: [registry] }),
    consoleLogins: new Counter({ name: 'dlp_console_logins_total', help: 'Console login attempts by outcome', labelNames: ['outcome'], registers: [registry] }),
    setOutboxDepthSource(fn) {
      depthSource = fn;
    },
  };
}
