// Load errors: every problem in a rule file becomes one of these, never an exception, so that
// `dlp rules lint` can show them all at once and the bot can refuse a bad pack with a clear reason.

export interface RuleLoadError {
  /** Stable code, e.g. `yaml-syntax`, `unknown-field`, `invalid-pattern`, `example-failed`. */
  code: string;
  file: string;
  line?: number;
  column?: number;
  ruleId?: string;
  field?: string;
  message: string;
  hint?: string;
}

/** `rules/secrets.yaml:88:5 secret/aws-key field "pattern": message (hint: ...)` */
export function formatLoadError(e: RuleLoadError): string {
  let where = e.file;
  if (e.line !== undefined) where += `:${e.line}`;
  if (e.line !== undefined && e.column !== undefined) where += `:${e.column}`;
  const parts = [where];
  if (e.ruleId) parts.push(e.ruleId);
  if (e.field) parts.push(`field "${e.field}":`);
  let text = `${parts.join(' ')} ${e.message}`;
  if (!e.field && !text.endsWith(':')) text = `${parts.join(' ')}: ${e.message}`;
  if (e.hint) text += ` (hint: ${e.hint})`;
  return text;
}

/** Thrown only by APIs that must fail as a whole (e.g. the CLI given a missing directory). */
export class RuleSetError extends Error {
  readonly errors: RuleLoadError[];
  constructor(errors: RuleLoadError[]) {
    super(errors.map(formatLoadError).join('\n'));
    this.name = 'RuleSetError';
    this.errors = errors;
  }
}
