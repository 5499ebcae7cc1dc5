// The rule packs shipped in the repository's `rules/` directory.
import { fileURLToPath } from 'node:url';
import { loadRules, type LoadOptions, type RuleSet } from './loader.js';

export const SHIPPED_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export function loadShippedRules(options: LoadOptions = {}): Promise<RuleSet> {
  return loadRules(SHIPPED_RULES_DIR, options);
}
