// The policy file (rules/policy.yaml): what to do about each kind of finding, where. Validated
// with zod; every error names file:line and the field, so an operator can fix it without guessing.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, CLASSIFICATION_LEVELS, SEVERITIES, type Category, type Severity } from '../rules/types.js';
import type { RuleSpec } from '../rules/schema.js';

/** Things decide() can ask for. `notify` is a gentle heads-up to the author (no removal). */
export const POLICY_ACTIONS = ['notify', 'warn', 'redact', 'block', 'escalate'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];
export const MODES = ['enforce', 'monitor', 'off'] as const;
export type Mode = (typeof MODES)[number];

const actionList = z.array(z.enum(POLICY_ACTIONS)).default([]);
const severityTable = z
  .object({ low: actionList, medium: actionList, high: actionList, critical: actionList })
  .strict();
const partialSeverityTable = z
  .object({ low: actionList.optional(), medium: actionList.optional(), high: actionList.optional(), critical: actionList.optional() })
  .strict();
const categoryTable = z.object(
  Object.fromEntries(CATEGORIES.map((c) => [c, severityTable])) as Record<Category, typeof severityTable>,
).strict();
const partialCategoryTable = z
  .object(
    Object.fromEntries(CATEGORIES.map((c) => [c, partialSeverityTable.optional()])) as Record<
      Category,
      z.ZodOptional<typeof partialSeverityTable>
    >,
  )
  .strict();

const level = z.enum(CLASSIFICATION_LEVELS);

/** A conversation selector: exact id, or a name glob (`#deploy*`, `*-external`). */
const conversationMatch = z
  .object({ id: z.string().min(1).optional(), name: z.string().min(1).optional() })
  .strict()
  .refine((m) => m.id !== undefined || m.name !== undefined, { message: 'give `id` or `name`' });

const conversationPolicy = z
  .object({
    match: conversationMatch,
    /** Highest classification this conversation is cleared for (overrides the platform's). */
    ceiling: level.optional(),
    mode: z.enum(MODES).optional(),
    /** Replace the defaults for some category/severity cells in these conversations. */
    actions: partialCategoryTable.optional(),
    exempt: z.boolean().default(false),
  })
  .strict();

export const policySchema = z
  .object({
    version: z.literal(1),
    /** Global mode; conversations and rules may be stricter (monitor/off), never looser. */
    mode: z.enum(MODES).default('enforce'),
    /** Keep full message text with decisions. Off by default: only masked previews are kept. */
    store_text: z.boolean().default(false),
    /** Days to keep decisions, incidents and audit entries; 0 keeps them for ever. */
    retention_days: z.number().int().min(0).default(365),
    /** Also send the warning as a direct message (Slack ephemerals vanish on reload). */
    dm_copy: z.boolean().default(true),
    policy_url: z.string().url().optional(),
    defaults: categoryTable,
    classification: z
      .object({
        /** Ceiling assumed when neither the platform nor a conversation entry gives one. */
        default_ceiling: level.default('official'),
        at_or_below: actionList,
        one_above: actionList.default(['warn']),
        two_or_more_above: actionList.default(['block', 'escalate']),
      })
      .strict()
      .default({}),
    /** Stricter handling where external or guest people can read, or the author is one. */
    external: z
      .object({
        /** Severity levels to add before looking up the action table. */
        raise_severity: z.number().int().min(0).max(3).default(1),
        /** Actions always added when anything is found. */
        add: actionList,
      })
      .strict()
      .default({}),
    exemptions: z
      .object({
        /** Conversation ids or name globs (the security channel, for one). */
        conversations: z.array(z.string().min(1)).default([]),
        /** Author ids of service accounts. */
        authors: z.array(z.string().min(1)).default([]),
        bots: z.boolean().default(true),
      })
      .strict()
      .default({}),
    /** Per rule id: mode override. */
    rules: z.record(z.string(), z.object({ mode: z.enum(MODES) }).strict()).default({}),
    conversations: z.array(conversationPolicy).default([]),
    overrides: z
      .object({
        /** May an employee's justification release the message (cancel a pending removal)? */
        allowed: z.boolean().default(true),
        /** Highest severity an override can release. */
        max_severity: z.enum(SEVERITIES).default('medium'),
        /**
         * Seconds a removal that an override could release waits after the warning, so the author
         * can justify in time (0: remove at once, then warn; a later override is recorded only).
         */
        grace_seconds: z.number().int().min(0).max(3600).default(0),
      })
      .strict()
      .default({}),
    /** Corporate classification labels, turned into extra rules by corporateMarkingRules(). */
    markings: z
      .array(z.object({ label: z.string().min(2), level, severity: z.enum(SEVERITIES).optional() }).strict())
      .default([]),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;
export type ConversationPolicy = Policy['conversations'][number];

export interface PolicyError {
  file: string;
  line: number;
  column: number;
  field: string;
  message: string;
}

export function formatPolicyError(e: PolicyError): string {
  return `${e.file}:${e.line}:${e.column} ${e.field ? `${e.field}: ` : ''}${e.message}`;
}

/** Parse policy YAML text. `file` is only used in error locations. */
export function parsePolicy(text: string, file = 'policy.yaml'): { policy?: Policy; errors: PolicyError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const p = lineCounter.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({ file, ...at(e.pos[0]), field: '', message: e.message.split('\n')[0] ?? e.message })),
    };
  }
  const parsed = policySchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { policy: parsed.data, errors: [] };
  const errors = parsed.error.issues.map((issue) => {
    const node = nearestNode(doc.contents as Node | null, issue.path);
    return { file, ...at(node?.range?.[0]), field: issue.path.join('.'), message: issue.message };
  });
  return { errors };
}

/** Read and validate a policy file. Never throws for content problems: see `errors`. */
export function loadPolicy(file: string): { policy?: Policy; errors: PolicyError[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { errors: [{ file, line: 0, column: 0, field: '', message: `cannot read policy file: ${(err as Error).message}` }] };
  }
  return parsePolicy(text, file);
}

// The deepest node that exists along `path`, so a missing field points at its parent.
function nearestNode(root: Node | null, path: ReadonlyArray<string | number>): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === key);
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

/** A policy with every default (used by tests and when no policy file is configured). */
export function defaultPolicy(): Policy {
  return policySchema.parse({
    version: 1,
    defaults: {
      secret: { low: ['warn'], medium: ['warn'], high: ['redact', 'escalate'], critical: ['block', 'escalate'] },
      personal: { low: ['notify'], medium: ['warn'], high: ['redact'], critical: ['redact', 'escalate'] },
      legal: { low: ['notify'], medium: ['warn'], high: ['warn', 'escalate'], critical: ['block', 'escalate'] },
      classification: { low: ['warn'], medium: ['warn'], high: ['block', 'escalate'], critical: ['block', 'escalate'] },
    },
  });
}

// Shell-style glob (`*`, `?`) on conversation names, case-insensitive; a leading `#` is optional.
export function globMatch(glob: string, value: string): boolean {
  const norm = (s: string) => s.replace(/^#/, '').toLowerCase();
  const g = norm(glob);
  const v = norm(value);
  let gi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (gi < g.length && (g[gi] === '?' || g[gi] === v[vi])) {
      gi++;
      vi++;
    } else if (gi < g.length && g[gi] === '*') {
      star = gi++;
      mark = vi;
    } else if (star >= 0) {
      gi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (gi < g.length && g[gi] === '*') gi++;
  return gi === g.length;
}

/**
 * Corporate marking labels as rule specs, so the service can add them to the engine next to the
 * shipped classification pack. Ids are `corporate-<slug>`.
 */
export function corporateMarkingRules(policy: Policy): RuleSpec[] {
  return policy.markings.map((m) => {
    const slug = m.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'label';
    const words = m.label.trim().split(/\s+/).map(escapeRe2);
    return {
      id: `corporate-${slug}`,
      name: `${m.label} marking`,
      category: 'classification',
      severity: m.severity ?? 'medium',
      description: `Material marked ${m.label} must stay in conversations cleared for it.`,
      // Whole words, any spacing, and the case as configured: a marking is recognised by its form
      // (ACME CONFIDENTIAL), not by the words in prose ("acme's confidential plans").
      pattern: `\\b(?P<secret>${words.join('[\\s_-]+')})\\b`,
      secret_group: 'secret',
      keywords: [m.label.toLowerCase().split(/\s+/)[0] ?? m.label.toLowerCase()],
      case_sensitive: true,
      validators: [],
      confidence: 0.9,
      allowlist: { values: [], patterns: [], stopwords: [] },
      redaction: { style: 'label', keep_last: 4, label: `[${m.label}]` },
      marking: { scheme: 'corporate', level: m.level },
      mode: 'enforce',
      tags: ['corporate-marking'],
      source: 'policy.yaml markings',
      examples: {
        match: [`${m.label}: board minutes attached`],
        no_match: ['nothing marked here at all', ...(m.label !== m.label.toLowerCase() ? [`we talked about ${m.label.toLowerCase()} today`] : [])],
      },
    } satisfies RuleSpec;
  });
}

function escapeRe2(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function severityAfterRaise(s: Severity, by: number): Severity {
  const i = Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(s) + by);
  return SEVERITIES[i] ?? s;
}
