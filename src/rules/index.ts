// Public API of the detection engine (see rules/README.md for the rule format).
export { loadRules, loadRuleFile, type RuleSet, type LoadOptions } from './loader.js';
export { loadShippedRules, SHIPPED_RULES_DIR } from './shipped.js';
export { createEngine, type EngineOptions, type DetectionEngine } from './engine.js';
export { testRules, testRule, type RuleTestReport } from './test-rules.js';
export { formatLoadError, RuleSetError, type RuleLoadError } from './errors.js';
export { explainFinding } from './explain.js';
export { compileRule, qualifiedId, type CompiledRule } from './compile.js';
export { normalize, toOriginalSpan, type Normalized } from './normalize.js';
export { maskedPreview, fingerprint } from './mask.js';
export { VALIDATORS, VALIDATOR_NAMES, runValidator } from './validators/index.js';
export * from './types.js';
