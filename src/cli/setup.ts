// Shared by the commands: load the rules (shipped packs unless --rules), resolve the fingerprint
// key, build the engine. Configuration problems are reported on stderr with exit code 2.
import { randomBytes } from 'node:crypto';
import { createEngine, formatLoadError, loadRules, loadShippedRules, SEVERITIES, type DetectionEngine, type RuleSet, type Severity } from '../rules/index.js';
import { resolveFingerprintKey } from '../shared/fingerprint-key.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export async function loadRuleSet(dir: string | undefined, checkExamples = false): Promise<RuleSet> {
  return dir ? loadRules(dir, { checkExamples }) : loadShippedRules({ checkExamples });
}

/**
 * The CLI is the one place besides src/config.ts that reads the environment, and only these two
 * variables. Without either, fingerprints use a random per-run key (they still never expose
 * values, but cannot be compared across runs).
 */
export function cliFingerprintKey(): Buffer {
  const key = process.env.DLP_FINGERPRINT_KEY;
  const dataDir = process.env.DATA_DIR;
  if (key || dataDir) return resolveFingerprintKey({ ...(key ? { key } : {}), dataDir: dataDir ?? 'data' });
  return randomBytes(32);
}

export async function buildEngine(rulesDir: string | undefined): Promise<DetectionEngine> {
  const set = await loadRuleSet(rulesDir);
  if (set.errors.length > 0) {
    throw new UsageError(`the rules do not load (${set.errors.length} problem${set.errors.length === 1 ? '' : 's'}; run \`dlp rules lint\`):\n${set.errors.slice(0, 20).map(formatLoadError).join('\n')}`);
  }
  if (set.rules.length === 0) throw new UsageError(`no rules found in ${rulesDir ?? 'the shipped rules directory'}`);
  return createEngine(set.rules, { fingerprintKey: cliFingerprintKey() });
}

export function parseSeverity(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase() === 'med' ? 'medium' : value.toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(v)) throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')} (got "${value}")`);
  return v as Severity;
}

export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${choices.join(', ')} (got "${value}")`);
  return value as T;
}
