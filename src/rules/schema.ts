// The rule-file format (YAML), as zod schemas. This is the contract between rule authors,
// the loader, the engine and the shipped packs; rules/README.md documents it for authors.
// Raw (as written) and compiled rules are different types: see compile.ts for the latter.
import { z } from 'zod';
import { CATEGORIES, CLASSIFICATION_LEVELS, MARKING_SCHEMES, SEVERITIES } from './types.js';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, 'ids are kebab-case: lower-case letters, digits and hyphens');

/** Validators by name, each with its own options. Run after the pattern matched, on the secret part. */
export const validatorSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('luhn') }).strict(),
  /** Luhn plus issuer (IIN) ranges and lengths; rejects Luhn-valid numbers no card scheme issues. */
  z.object({ name: z.literal('payment-card') }).strict(),
  z.object({ name: z.literal('iban') }).strict(),
  z.object({ name: z.literal('nhs') }).strict(),
  z.object({ name: z.literal('uk-nino') }).strict(),
  z.object({ name: z.literal('uk-utr') }).strict(),
  z.object({ name: z.literal('uk-driving-licence') }).strict(),
  z.object({ name: z.literal('us-ssn') }).strict(),
  /** European national IDs quoted with their name: Spanish DNI/NIE, Irish PPSN, German tax ID. */
  z.object({ name: z.literal('es-dni') }).strict(),
  z.object({ name: z.literal('ie-ppsn') }).strict(),
  z.object({ name: z.literal('de-idnr') }).strict(),
  /** French NIR, Dutch BSN, Australian TFN, Indian Aadhaar: check digits (see validators/). */
  z.object({ name: z.literal('fr-nir') }).strict(),
  z.object({ name: z.literal('nl-bsn') }).strict(),
  z.object({ name: z.literal('au-tfn') }).strict(),
  z.object({ name: z.literal('in-aadhaar') }).strict(),
  z.object({ name: z.literal('jwt') }).strict(),
  /** Date must parse and, when `max_age_years` is set, lie within that many years before today. */
  z.object({ name: z.literal('date'), max_age_years: z.number().int().positive().optional() }).strict(),
  /** Shannon entropy (bits per character) of the value must be at least `min`. */
  z.object({ name: z.literal('entropy'), min: z.number().min(0).max(8) }).strict(),
  /** The value must mix at least `classes` of: lower, upper, digit, symbol; and have `min_length`. */
  z
    .object({
      name: z.literal('password-shape'),
      classes: z.number().int().min(1).max(4).default(2),
      min_length: z.number().int().min(1).default(6),
    })
    .strict(),
]);
export type ValidatorSpec = z.infer<typeof validatorSchema>;
export type ValidatorName = ValidatorSpec['name'];

export const contextSchema = z
  .object({
    /** Words or phrases (case-insensitive, matched on word boundaries). */
    words: z.array(z.string().min(1)).min(1),
    /** Characters either side of the match that are searched for the words. */
    window: z.number().int().positive().max(1000).default(80),
    /** When true a match without any context word is dropped; otherwise context only raises confidence. */
    required: z.boolean().default(false),
    /** Added to confidence (capped at 1) when a context word is present. */
    boost: z.number().min(0).max(1).default(0.2),
  })
  .strict();

/**
 * Detection in prose (special-category / HR data, legal discussion) using `natural`:
 * the text is tokenised and stemmed; the rule fires where at least `min_terms` distinct stems of
 * `terms` occur, and (when `near` is given) one of `near` occurs within `within` tokens. The
 * special entry `@person` in `near` stands for a third-person pronoun or a name. Near-words count
 * only in the term's sentence; a `not_near` word there (within `within` tokens) cancels the term.
 */
export const proseSchema = z
  .object({
    terms: z.array(z.string().min(1)).min(1),
    near: z.array(z.string().min(1)).default([]),
    within: z.number().int().positive().max(50).default(8),
    min_terms: z.number().int().positive().default(1),
    /** Words that make a nearby term about a topic, not a person (policy, rate, training). */
    not_near: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const allowlistSchema = z
  .object({
    /** Exact values (compared with the normalised sensitive part) that never fire. */
    values: z.array(z.string()).default([]),
    /** RE2 patterns; a sensitive part matching any of them does not fire. */
    patterns: z.array(z.string()).default([]),
    /** Case-insensitive substrings of the sensitive part (EXAMPLE, sample, dummy...). */
    stopwords: z.array(z.string()).default([]),
  })
  .strict();

export const redactionSchema = z
  .object({
    /** label: `[AWS access key]`; mask: bullets keeping a short prefix/suffix; keep-last: bullets then the last N. */
    style: z.enum(['label', 'mask', 'keep-last']).default('mask'),
    keep_last: z.number().int().min(0).max(8).default(4),
    label: z.string().optional(),
  })
  .strict();

const exampleSchema = z.union([
  z.string(),
  /** `expect` is the exact sensitive part the finding must cover (checks the span). */
  z.object({ text: z.string(), expect: z.string().optional() }).strict(),
]);

export const ruleSchema = z
  .object({
    id,
    name: z.string().min(1),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    /** Why it matters; shown to employees. */
    description: z.string().min(10),
    /** RE2 syntax. A named group `secret` (or the group named by `secret_group`) marks the sensitive part. */
    pattern: z.string().min(1).optional(),
    secret_group: z.string().default('secret'),
    prose: proseSchema.optional(),
    /** Lower-case strings; the rule only runs when one of them occurs (cheap prefilter). */
    keywords: z.array(z.string().min(1)).default([]),
    case_sensitive: z.boolean().default(false),
    validators: z.array(validatorSchema).default([]),
    context: contextSchema.optional(),
    /** Base confidence before context. */
    confidence: z.number().min(0).max(1).default(0.8),
    allowlist: allowlistSchema.default({}),
    redaction: redactionSchema.default({}),
    /** Only for category `classification`: the level this marking denotes. */
    marking: z
      .object({ scheme: z.enum(MARKING_SCHEMES), level: z.enum(CLASSIFICATION_LEVELS) })
      .strict()
      .optional(),
    /** enforce (default), monitor (recorded, nothing visible) or off. Policy may override. */
    mode: z.enum(['enforce', 'monitor', 'off']).default('enforce'),
    tags: z.array(z.string()).default([]),
    /** Where the format comes from (gitleaks rule id, standard, ...). */
    source: z.string().optional(),
    examples: z
      .object({
        match: z.array(exampleSchema).min(1),
        no_match: z.array(exampleSchema).min(1),
      })
      .strict(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (!rule.pattern && !rule.prose) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['pattern'], message: 'a rule needs `pattern` or `prose`' });
    }
    if (rule.category === 'classification' && !rule.marking) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['marking'], message: 'classification rules need `marking: {scheme, level}`' });
    }
  });
export type RuleSpec = z.infer<typeof ruleSchema>;

/** A partial rule used by `override:` in a pack that extends another. */
export const ruleOverrideSchema = z
  .object({
    severity: z.enum(SEVERITIES).optional(),
    confidence: z.number().min(0).max(1).optional(),
    mode: z.enum(['enforce', 'monitor', 'off']).optional(),
    description: z.string().min(10).optional(),
    keywords: z.array(z.string().min(1)).optional(),
    allowlist: allowlistSchema.partial().optional(),
    context: contextSchema.optional(),
    redaction: redactionSchema.optional(),
  })
  .strict();

export const packSchema = z
  .object({
    /** Pack name, used in messages; defaults to the file name. */
    pack: z.string().optional(),
    description: z.string().optional(),
    /** Paths (relative to this file) of packs whose rules this pack starts from. */
    extends: z.array(z.string()).default([]),
    /** Rule ids from extended packs to drop. */
    disable: z.array(id).default([]),
    /** Per rule id, fields to replace. */
    override: z.record(id, ruleOverrideSchema).default({}),
    rules: z.array(z.unknown()).default([]),
  })
  .strict();
export type PackSpec = z.infer<typeof packSchema>;
