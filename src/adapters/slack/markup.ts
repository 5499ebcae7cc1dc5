// Slack's message markup (mrkdwn as stored in `event.text`) -> the plain text people saw, so the
// engine scans what was written rather than Slack's encoding of it. Pure; no I/O.

// `<...>` tokens: user/channel mentions, special mentions, links. Slack escapes literal <, > and &
// inside text, so every raw `<` starts a token.
const TOKEN = /<([^<>]*)>/g;

function decodeEntities(s: string): string {
  // Order matters: &amp; last, so "&amp;lt;" becomes "&lt;" and not "<".
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function renderToken(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  const sigil = target[0];
  if (sigil === '@') return `@${label ?? target.slice(1)}`;
  if (sigil === '#') return `#${label ?? target.slice(1)}`;
  if (sigil === '!') {
    const name = target.slice(1);
    if (label !== undefined) return label.startsWith('@') || name.startsWith('date') ? label : `@${label}`;
    const base = name.split('^')[0] ?? name;
    return `@${base}`;
  }
  // Links. Keep the URL as well as a differing label: URLs can carry credentials
  // (https://user:pass@host, ?token=...) and must be scanned too.
  if (target.startsWith('mailto:')) {
    const addr = target.slice('mailto:'.length);
    return label === undefined || label === addr ? addr : `${label} (${addr})`;
  }
  if (label === undefined) return target;
  const bareTarget = target.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/$/, '');
  const bareLabel = label.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/$/, '');
  return bareTarget === bareLabel ? label : `${label} (${target})`;
}

/**
 * Slack markup to plain text: `<@U1|ann>` -> `@ann`, `<#C1|general>` -> `#general`,
 * `<mailto:a@b.c|a@b.c>` -> `a@b.c`, `<https://x|docs>` -> `docs (https://x)`, `&amp;` -> `&`,
 * code fences and inline-code backticks removed (replaced by whitespace so words stay apart).
 */
export function slackMarkupToText(mrkdwn: string): string {
  // Decode each piece once: plain runs and token contents separately, so "&amp;lt;" stays "&lt;".
  let out = '';
  let last = 0;
  for (const m of mrkdwn.matchAll(TOKEN)) {
    out += plainRun(mrkdwn.slice(last, m.index));
    out += renderToken(decodeEntities(m[1] ?? ''));
    last = m.index + m[0].length;
  }
  return out + plainRun(mrkdwn.slice(last));
}

function plainRun(s: string): string {
  return decodeEntities(s.replace(/```/g, '\n').replace(/`/g, ' '));
}

/** Escape text placed inside mrkdwn we send, so user-derived text cannot inject mentions or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
