// The ONLY module that reads `process.env`. Everything the service needs is read here once,
// validated with zod, and handed on as typed objects; every problem is reported at once in one
// list (variable, what is wrong, how to fix it) instead of failing on the first.
import type { SlackConfig } from './adapters/slack/config.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const CONSOLE_ROLES = ['responder', 'rule-author'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** The part of the Slack adapter's configuration that comes from the environment. */
export type SlackEnvConfig = Pick<SlackConfig, 'signingSecret' | 'botToken' | 'appToken' | 'adminUserToken' | 'apiUrl' | 'securityChannel'>;

export interface TeamsEnvConfig {
  /** Empty = local no-auth mode (Bot Framework Emulator, tests). */
  appId: string;
  appPassword: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  graphApiUrl: string;
  graphTokenUrl?: string;
  graphTenantId?: string;
  graphClientId: string;
  graphClientSecret: string;
  securityChannel: string;
  complianceUrl?: string;
}

/** A console user from CONSOLE_USERS: `name:role[+role]:scrypt$...` (hash made by `dlp serve --hash-password`). */
export interface ConsoleUserConfig {
  name: string;
  roles: ConsoleRole[];
  passwordHash: string;
}

export interface ConsoleConfig {
  /** Plain admin password from the environment; hashed at start-up and then forgotten. */
  adminPassword?: string;
  /** Or an scrypt hash of it. */
  adminPasswordHash?: string;
  /** Or a long random token (for automation / first start). */
  adminToken?: string;
  users: ConsoleUserConfig[];
  sessionTtlMinutes: number;
  /** auto: `Secure` unless the request is plain HTTP to a non-loopback host. */
  cookieSecure: 'auto' | 'always' | 'never';
  maxFailedLogins: number;
  lockoutMinutes: number;
}

export interface ServiceConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema (default public); one per deployment or test run. */
  databaseSchema?: string;
  rulesDir: string;
  policyFile: string;
  fingerprintKey?: string;
  logLevel: LogLevel;
  /** undefined = pretty when stdout is a TTY. */
  logPretty?: boolean;
  trustProxy: boolean;
  console: ConsoleConfig;
  slack?: SlackEnvConfig;
  teams?: TeamsEnvConfig;
  /** leaseMs: how long a claimed action is exclusive; a dead replica's claims are retried after it. */
  worker: { enabled: boolean; pollMs: number; leaseMs: number };
  reload: { enabled: boolean; debounceMs: number };
  shutdownTimeoutMs: number;
  /** Where this config came from, for the start-up banner. */
  configFile?: string;
}

export interface ConfigProblem {
  /** The variable (or `FILE:line KEY` for the config file). */
  variable: string;
  message: string;
}

/** Which integrations are on, and for the ones that are off, what would switch them on. */
export interface IntegrationStatus {
  name: 'slack' | 'teams' | 'postgres';
  on: boolean;
  detail: string;
}

export type ConfigResult =
  | { ok: true; config: ServiceConfig; integrations: IntegrationStatus[]; warnings: string[] }
  | { ok: false; problems: ConfigProblem[] };

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatConfigProblems(problems));
    this.name = 'ConfigError';
  }
}

export function formatConfigProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.variable}: ${p.message}`);
  return `configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

type Env = Record<string, string | undefined>;

const bool = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(s), 'expected true or false')
  .transform((s) => ['1', 'true', 'yes', 'on'].includes(s));
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const httpUrl = z.string().url('expected a URL such as http://host:port/').refine((u) => /^https?:\/\//.test(u), 'expected an http(s) URL');
const pgUrl = z.string().refine((u) => /^postgres(ql)?:\/\//.test(u), 'expected postgres://user:password@host:port/database');

/** Every variable the service reads, with its schema. Unknown DLP-ish variables are not errors. */
const schemas: Record<string, z.ZodTypeAny> = {
  PORT: int(0, 65535),
  HOST: z.string().min(1),
  DATA_DIR: z.string().min(1),
  DATABASE_URL: pgUrl,
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier (letters, digits, _)'),
  RULES_DIR: z.string().min(1),
  POLICY_FILE: z.string().min(1),
  DLP_FINGERPRINT_KEY: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)'),
  LOG_LEVEL: z.enum(LOG_LEVELS),
  LOG_PRETTY: bool,
  TRUST_PROXY: bool,
  CONSOLE_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters'),
  CONSOLE_ADMIN_PASSWORD_HASH: z.string().regex(/^scrypt\$/, 'expected an scrypt hash from `dlp serve --hash-password`'),
  CONSOLE_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters (e.g. `openssl rand -hex 24`)'),
  CONSOLE_USERS: z.string(),
  CONSOLE_SESSION_TTL_MINUTES: int(1, 7 * 24 * 60),
  CONSOLE_COOKIE_SECURE: z.enum(['auto', 'always', 'never']),
  CONSOLE_MAX_FAILED_LOGINS: int(1, 1000),
  CONSOLE_LOCKOUT_MINUTES: int(1, 24 * 60),
  SLACK_SIGNING_SECRET: z.string().min(1),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'a bot token starts with xoxb-'),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'an app-level token starts with xapp-'),
  SLACK_ADMIN_USER_TOKEN: z.string().regex(/^xoxp-/, 'a user token starts with xoxp-'),
  SLACK_API_URL: httpUrl,
  SLACK_SECURITY_CHANNEL: z.string().min(1),
  MICROSOFT_APP_ID: z.string(),
  MICROSOFT_APP_PASSWORD: z.string(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']),
  TEAMS_LOCAL_NOAUTH: bool,
  GRAPH_API_URL: httpUrl,
  GRAPH_TOKEN_URL: httpUrl,
  GRAPH_TENANT_ID: z.string().min(1),
  GRAPH_CLIENT_ID: z.string().min(1),
  GRAPH_CLIENT_SECRET: z.string().min(1),
  TEAMS_SECURITY_CHANNEL: z.string().min(1),
  TEAMS_COMPLIANCE_URL: httpUrl,
  WORKER_ENABLED: bool,
  WORKER_POLL_MS: int(10, 60_000),
  WORKER_LEASE_MS: int(1000, 3_600_000),
  RULES_RELOAD: bool,
  RULES_RELOAD_DEBOUNCE_MS: int(0, 60_000),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000),
};

export const KNOWN_VARIABLES = Object.keys(schemas);

/**
 * Read an optional config file (YAML or JSON) whose keys are the same names as the environment
 * variables. Values may be strings, numbers or booleans. Problems name file:line.
 */
export function readConfigFile(file: string): { values: Env; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const values: Env = {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { values, problems: [{ variable: 'DLP_CONFIG_FILE', message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  for (const err of doc.errors) {
    const pos = lc.linePos(err.pos[0]);
    problems.push({ variable: `${file}:${pos.line}`, message: `YAML syntax: ${err.message.split('\n')[0]}` });
  }
  if (problems.length) return { values, problems };
  const contents = doc.contents;
  if (contents === null) return { values, problems };
  const json: unknown = doc.toJS();
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { values, problems: [{ variable: file, message: 'expected a mapping of VARIABLE: value' }] };
  }
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const node = doc.get(key, true) as { range?: [number, number, number] } | undefined;
    const where = node?.range ? `${file}:${lc.linePos(node.range[0]).line}` : file;
    if (!(key in schemas)) {
      problems.push({ variable: `${where} ${key}`, message: `unknown setting; known ones: ${KNOWN_VARIABLES.join(', ')}` });
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[key] = String(value);
    } else {
      problems.push({ variable: `${where} ${key}`, message: 'expected a string, number or boolean' });
    }
  }
  return { values, problems };
}

function parseConsoleUsers(raw: string, problems: ConfigProblem[]): ConsoleUserConfig[] {
  const users: ConsoleUserConfig[] = [];
  const entries = raw.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  entries.forEach((entry, i) => {
    const [name, roleList, ...hashParts] = entry.split(':');
    const hash = hashParts.join(':');
    const where = `CONSOLE_USERS[${i}]`;
    if (!name || !/^[a-zA-Z0-9._@-]{1,64}$/.test(name)) {
      problems.push({ variable: where, message: 'expected name:role[+role]:scrypt$... with a name of letters, digits, . _ @ -' });
      return;
    }
    const roles = (roleList ?? '').split('+').filter(Boolean);
    const bad = roles.filter((r) => !(CONSOLE_ROLES as readonly string[]).includes(r));
    if (roles.length === 0 || bad.length) {
      problems.push({ variable: where, message: `user "${name}": roles must be ${CONSOLE_ROLES.join(' or ')} (joined with +), got "${roleList ?? ''}"` });
      return;
    }
    if (!hash.startsWith('scrypt$')) {
      problems.push({ variable: where, message: `user "${name}": password must be an scrypt hash from \`dlp serve --hash-password\`` });
      return;
    }
    users.push({ name, roles: roles as ConsoleRole[], passwordHash: hash });
  });
  return users;
}

/**
 * Validate the environment (plus the optional config file named by DLP_CONFIG_FILE or `file`).
 * The environment wins over the file. Never throws; returns every problem found.
 */
export function loadConfig(env: Env = process.env, options: { file?: string; cwd?: string } = {}): ConfigResult {
  const problems: ConfigProblem[] = [];
  const cwd = options.cwd ?? process.cwd();
  const fileName = options.file ?? env.DLP_CONFIG_FILE;
  let merged: Env = {};
  if (fileName) {
    const { values, problems: fileProblems } = readConfigFile(path.resolve(cwd, fileName));
    problems.push(...fileProblems);
    merged = { ...values };
  }
  for (const key of KNOWN_VARIABLES) {
    const v = env[key];
    if (v !== undefined && v !== '') merged[key] = v;
  }

  const v: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(schemas)) {
    const raw = merged[key];
    if (raw === undefined) continue;
    const r = schema.safeParse(raw);
    if (r.success) v[key] = r.data;
    else problems.push({ variable: key, message: r.error.issues.map((i) => i.message).join('; ') });
  }
  const str = (k: string) => v[k] as string | undefined;
  const has = (k: string) => merged[k] !== undefined;

  // Slack: on when its two required secrets are set; half a configuration is an error, not "off".
  const integrations: IntegrationStatus[] = [];
  let slack: SlackEnvConfig | undefined;
  const slackVars = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_SECURITY_CHANNEL'];
  const slackAny = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_ADMIN_USER_TOKEN'].some(has);
  if (slackAny) {
    const missing = slackVars.filter((k) => !has(k));
    for (const k of missing) problems.push({ variable: k, message: `required when Slack is configured (${slackVars.join(', ')} switch it on)` });
    if (!missing.length && str('SLACK_SIGNING_SECRET') && str('SLACK_BOT_TOKEN') && str('SLACK_SECURITY_CHANNEL')) {
      let apiUrl = str('SLACK_API_URL');
      if (apiUrl && !apiUrl.endsWith('/')) apiUrl += '/';
      slack = {
        signingSecret: str('SLACK_SIGNING_SECRET')!,
        botToken: str('SLACK_BOT_TOKEN')!,
        appToken: str('SLACK_APP_TOKEN'),
        adminUserToken: str('SLACK_ADMIN_USER_TOKEN'),
        apiUrl,
        securityChannel: str('SLACK_SECURITY_CHANNEL')!,
      };
    }
  }
  integrations.push(
    slack
      ? {
          name: 'slack',
          on: true,
          detail: `Slack on (${slack.appToken ? 'Socket Mode' : 'HTTP events at /slack/events'}${slack.adminUserToken ? ', redaction with the admin user token' : ', no SLACK_ADMIN_USER_TOKEN: messages cannot be removed'})`,
        }
      : { name: 'slack', on: false, detail: `Slack off: set ${slackVars.join(', ')} (optional SLACK_APP_TOKEN for Socket Mode, SLACK_ADMIN_USER_TOKEN to remove messages)` },
  );

  // Teams: on when the bot's app id and password are set, or in local no-auth mode.
  let teams: TeamsEnvConfig | undefined;
  // An app id set but empty is the Bot Framework's own local mode (Emulator, offline tests):
  // inbound requests are not authenticated, so it is only taken with a security channel named.
  const emptyAppId = env.MICROSOFT_APP_ID === '' && has('TEAMS_SECURITY_CHANNEL') && !has('MICROSOFT_APP_PASSWORD');
  const localNoAuth = v.TEAMS_LOCAL_NOAUTH === true || emptyAppId;
  const teamsAny = has('MICROSOFT_APP_ID') || has('MICROSOFT_APP_PASSWORD') || localNoAuth;
  if (teamsAny) {
    const required = localNoAuth ? ['TEAMS_SECURITY_CHANNEL'] : ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'TEAMS_SECURITY_CHANNEL'];
    const missing = required.filter((k) => !has(k));
    for (const k of missing) problems.push({ variable: k, message: `required when Teams is configured (${required.join(', ')} switch it on)` });
    const appType = (v.MICROSOFT_APP_TYPE as TeamsEnvConfig['appType'] | undefined) ?? (has('MICROSOFT_APP_TENANT_ID') ? 'SingleTenant' : 'MultiTenant');
    if (appType === 'SingleTenant' && !has('MICROSOFT_APP_TENANT_ID') && !localNoAuth) {
      problems.push({ variable: 'MICROSOFT_APP_TENANT_ID', message: 'required when MICROSOFT_APP_TYPE=SingleTenant' });
    }
    if (!missing.length) {
      const appId = localNoAuth ? '' : (str('MICROSOFT_APP_ID') ?? '');
      const appPassword = localNoAuth ? '' : (str('MICROSOFT_APP_PASSWORD') ?? '');
      teams = {
        appId,
        appPassword,
        appTenantId: str('MICROSOFT_APP_TENANT_ID'),
        appType,
        graphApiUrl: str('GRAPH_API_URL') ?? 'https://graph.microsoft.com/v1.0',
        graphTokenUrl: str('GRAPH_TOKEN_URL'),
        graphTenantId: str('GRAPH_TENANT_ID') ?? str('MICROSOFT_APP_TENANT_ID'),
        graphClientId: str('GRAPH_CLIENT_ID') ?? appId,
        graphClientSecret: str('GRAPH_CLIENT_SECRET') ?? appPassword,
        securityChannel: str('TEAMS_SECURITY_CHANNEL')!,
        complianceUrl: str('TEAMS_COMPLIANCE_URL'),
      };
    }
  }
  integrations.push(
    teams
      ? {
          name: 'teams',
          on: true,
          detail: `Teams on (POST /api/messages${teams.appId ? '' : ', LOCAL NO-AUTH MODE: inbound requests are not authenticated; for the Bot Framework Emulator and offline tests only'})`,
        }
      : { name: 'teams', on: false, detail: 'Teams off: set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, TEAMS_SECURITY_CHANNEL (GRAPH_* to hide messages; MICROSOFT_APP_TENANT_ID for single-tenant)' },
  );

  const databaseUrl = str('DATABASE_URL');
  integrations.push(
    databaseUrl
      ? { name: 'postgres', on: true, detail: 'storage: PostgreSQL (DATABASE_URL); replicas may share it' }
      : { name: 'postgres', on: false, detail: 'storage: SQLite in DATA_DIR (set DATABASE_URL=postgres://... for PostgreSQL and several replicas)' },
  );

  const users = typeof v.CONSOLE_USERS === 'string' ? parseConsoleUsers(v.CONSOLE_USERS, problems) : [];
  if (has('CONSOLE_ADMIN_PASSWORD') && has('CONSOLE_ADMIN_PASSWORD_HASH')) {
    problems.push({ variable: 'CONSOLE_ADMIN_PASSWORD', message: 'set either CONSOLE_ADMIN_PASSWORD or CONSOLE_ADMIN_PASSWORD_HASH, not both' });
  }

  if (problems.length) return { ok: false, problems };

  const warnings: string[] = [];
  const rulesDir = path.resolve(cwd, str('RULES_DIR') ?? 'rules');
  const consoleCfg: ConsoleConfig = {
    adminPassword: str('CONSOLE_ADMIN_PASSWORD'),
    adminPasswordHash: str('CONSOLE_ADMIN_PASSWORD_HASH'),
    adminToken: str('CONSOLE_ADMIN_TOKEN'),
    users,
    sessionTtlMinutes: (v.CONSOLE_SESSION_TTL_MINUTES as number | undefined) ?? 8 * 60,
    cookieSecure: (v.CONSOLE_COOKIE_SECURE as ConsoleConfig['cookieSecure'] | undefined) ?? 'auto',
    maxFailedLogins: (v.CONSOLE_MAX_FAILED_LOGINS as number | undefined) ?? 5,
    lockoutMinutes: (v.CONSOLE_LOCKOUT_MINUTES as number | undefined) ?? 15,
  };
  if (!consoleCfg.adminPassword && !consoleCfg.adminPasswordHash && !consoleCfg.adminToken) {
    warnings.push('no CONSOLE_ADMIN_PASSWORD, CONSOLE_ADMIN_PASSWORD_HASH or CONSOLE_ADMIN_TOKEN: a one-time admin token is kept in DATA_DIR/console-admin.token');
  }
  if (!str('DLP_FINGERPRINT_KEY') && databaseUrl) {
    warnings.push('DLP_FINGERPRINT_KEY is not set: each replica keeps its own key in DATA_DIR, so fingerprints (and incident joining) differ between replicas; set the same key on all of them');
  }

  const config: ServiceConfig = {
    port: (v.PORT as number | undefined) ?? 3000,
    host: str('HOST') ?? '0.0.0.0',
    dataDir: path.resolve(cwd, str('DATA_DIR') ?? 'data'),
    databaseUrl,
    databaseSchema: str('DATABASE_SCHEMA'),
    rulesDir,
    policyFile: path.resolve(cwd, str('POLICY_FILE') ?? path.join(rulesDir, 'policy.yaml')),
    fingerprintKey: str('DLP_FINGERPRINT_KEY'),
    logLevel: (v.LOG_LEVEL as LogLevel | undefined) ?? 'info',
    logPretty: v.LOG_PRETTY as boolean | undefined,
    trustProxy: (v.TRUST_PROXY as boolean | undefined) ?? false,
    console: consoleCfg,
    slack,
    teams,
    worker: {
      enabled: (v.WORKER_ENABLED as boolean | undefined) ?? true,
      pollMs: (v.WORKER_POLL_MS as number | undefined) ?? 250,
      leaseMs: (v.WORKER_LEASE_MS as number | undefined) ?? 60_000,
    },
    reload: { enabled: (v.RULES_RELOAD as boolean | undefined) ?? true, debounceMs: (v.RULES_RELOAD_DEBOUNCE_MS as number | undefined) ?? 300 },
    shutdownTimeoutMs: (v.SHUTDOWN_TIMEOUT_MS as number | undefined) ?? 10_000,
    configFile: fileName ? path.resolve(cwd, fileName) : undefined,
  };
  return { ok: true, config, integrations, warnings };
}

/** True when stdout is a terminal (for pretty logs); kept here as it reads process state. */
export function stdoutIsTty(): boolean {
  return Boolean(process.stdout.isTTY);
}
