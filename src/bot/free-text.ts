// Free text people type back to the bot (override justifications, responder notes) often repeats
// the very value that was flagged, without the context the rule needed ("the key is X"). So it is
// masked twice: by the engine, then by shape: any token that looks like a credential or an
// identifier (digits, or letters mixed with symbols or inner capitals) keeps two characters.
import type { Engine } from '../rules/types.js';

const BULLET = '•';

const EDGE = /^([("'[{<]*)(.*?)([)"'\]}>.,;:!?]*)$/s;

function looksSensitive(core: string): boolean {
  if (core.length < 6 || core.includes(BULLET) || /^\[.*\]$/.test(core)) return false;
  if (/^https?:\/\//i.test(core)) return /[?#&=]/.test(core) || /\d{4,}/.test(core);
  const digits = /\d/.test(core);
  const letters = /[A-Za-z]/.test(core);
  const symbols = /[^A-Za-z0-9\s'-]/.test(core);
  const innerCaps = /[a-z][A-Z]|[A-Z]{2,}[a-z]/.test(core);
  return (digits && (letters || core.replace(/\D/g, '').length >= 4)) || (letters && (symbols || innerCaps));
}

export function maskFreeText(engine: Engine, text: string, max = 2000): string {
  const redacted = engine.redact(text, engine.scan(text));
  return redacted
    .split(/(\s+)/)
    .map((t) => {
      const [, lead = '', core = '', trail = ''] = EDGE.exec(t) ?? [];
      return looksSensitive(core) ? `${lead}${core.slice(0, 2)}${BULLET.repeat(Math.min(8, core.length - 2))}${trail}` : t;
    })
    .join('')
    .slice(0, max);
}
