// Test doubles for the bot core: a small deterministic Engine (the real one is used by the
// corpus tests), a recording ChatPlatform, and a message builder.
import { createHmac } from 'node:crypto';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Category, Engine, Finding, Marking, RuleInfo, Severity } from '../../src/rules/types.js';
import type { ChatMessage, Platform } from '../../src/bot/message.js';
import type { ActionResult, CardRef, ChatPlatform, IncidentView, RemoveRequest, WarnRequest } from '../../src/bot/ports.js';

interface FakeRule {
  id: string;
  name: string;
  category: Category;
  severity: Severity;
  re: RegExp;
  marking?: Marking;
}

export const FAKE_RULES: FakeRule[] = [
  { id: 'aws-access-key-id', name: 'AWS access key', category: 'secret', severity: 'high', re: /AKIA[0-9A-Z]{16}/g },
  { id: 'chat-token', name: 'chat token', category: 'secret', severity: 'low', re: /tok_[a-z0-9]{8}/g },
  { id: 'uk-nino', name: 'UK National Insurance number', category: 'personal', severity: 'medium', re: /\b[A-CEGHJ-PR-TW-Z]{2}\d{6}[A-D]\b/g },
  { id: 'uk-secret', name: 'SECRET marking', category: 'classification', severity: 'high', re: /\bSECRET\b/g, marking: { scheme: 'uk', level: 'secret' } },
  { id: 'uk-official-sensitive', name: 'OFFICIAL-SENSITIVE marking', category: 'classification', severity: 'medium', re: /\bOFFICIAL-SENSITIVE\b/g, marking: { scheme: 'uk', level: 'official-sensitive' } },
];

const mask = (v: string) => (v.length <= 8 ? '•'.repeat(v.length) : `${v.slice(0, 4)}${'•'.repeat(v.length - 8)}${v.slice(-4)}`);

export function fakeEngine(modes: Record<string, RuleInfo['mode']> = {}): Engine {
  const rules: RuleInfo[] = FAKE_RULES.map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category,
    severity: r.severity,
    description: `${r.name} in chat is a leak.`,
    mode: modes[r.id] ?? 'enforce',
    ...(r.marking ? { marking: r.marking } : {}),
    examples: { match: [], no_match: [] },
    file: 'fake.yaml',
    line: 1,
  }));
  return {
    ruleCount: rules.length,
    rules,
    scan(text: string): Finding[] {
      const out: Finding[] = [];
      for (const r of FAKE_RULES) {
        if (modes[r.id] === 'off') continue;
        for (const m of text.matchAll(r.re)) {
          const v = m[0];
          out.push({
            ruleId: r.id,
            ruleName: r.name,
            category: r.category,
            severity: r.severity,
            confidence: 0.9,
            start: m.index ?? 0,
            end: (m.index ?? 0) + v.length,
            preview: r.category === 'classification' ? v : mask(v),
            fingerprint: createHmac('sha256', 'test-key').update(v).digest('hex'),
            ...(r.marking ? { marking: r.marking } : {}),
          });
        }
      }
      return out.sort((a, b) => a.start - b.start);
    },
    redact(text: string, findings: Finding[]): string {
      let out = text;
      for (const f of [...findings].sort((a, b) => b.start - a.start)) out = out.slice(0, f.start) + f.preview + out.slice(f.end);
      return out;
    },
  };
}

export type Call =
  | { kind: 'remove'; req: RemoveRequest }
  | { kind: 'warn'; req: WarnRequest }
  | { kind: 'post'; view: IncidentView }
  | { kind: 'update'; ref: CardRef; view: IncidentView };

export interface RecordingPlatform extends ChatPlatform {
  calls: Call[];
  removeResult: ActionResult | (() => ActionResult);
  warnResult: ActionResult;
  failNextPost: number;
}

export function recordingPlatform(platform: Platform = 'slack'): RecordingPlatform {
  let cards = 0;
  const p: RecordingPlatform = {
    platform,
    calls: [],
    removeResult: { ok: true, detail: 'deleted and reposted' },
    warnResult: { ok: true, detail: 'ephemeral + DM sent' },
    failNextPost: 0,
    async remove(req) {
      p.calls.push({ kind: 'remove', req });
      return typeof p.removeResult === 'function' ? p.removeResult() : p.removeResult;
    },
    async warn(req) {
      p.calls.push({ kind: 'warn', req });
      return p.warnResult;
    },
    async postIncidentCard(view) {
      if (p.failNextPost > 0) {
        p.failNextPost--;
        throw new Error('security channel unavailable (503)');
      }
      p.calls.push({ kind: 'post', view });
      cards++;
      return { platform, conversationId: 'CSEC', messageId: `card-${cards}` };
    },
    async updateIncidentCard(ref, view) {
      p.calls.push({ kind: 'update', ref, view });
    },
  };
  return p;
}

let n = 0;
export function message(over: Partial<ChatMessage> & { text: string }): ChatMessage {
  n++;
  return {
    platform: 'slack',
    eventId: `Ev${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`,
    workspaceId: 'T1',
    conversation: { id: 'C1', name: 'deploy-talk', kind: 'public-channel', memberCount: 40 },
    author: { id: 'U1', name: 'alex', isGuest: false, isExternal: false, isBot: false },
    messageId: `1700000000.${String(n).padStart(6, '0')}`,
    isEdit: false,
    files: [],
    sentAt: '2026-11-25T04:00:00.000Z',
    route: { channel: 'C1' },
    ...over,
  };
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

/** A clock tests can move. */
export function manualClock(start = '2026-11-25T10:00:00.000Z'): { now: () => Date; advance: (ms: number) => void; set: (iso: string) => void } {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms) => (t += ms), set: (iso) => (t = new Date(iso).getTime()) };
}

/** A key no rule matches but shaped like one, for "never stored" checks. */
export const AWS_KEY = 'AKIAZ7Q3XW5RT2LM8NVB';
