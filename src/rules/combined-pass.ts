// One RE2 pass for many rules over long text. A rule that would run over most of a segment costs
// a full RE2 pass on its own; the alternation of ~20 such rules, each alternative a capturing
// group, costs little more than one. The pass only LOCATES: it reports every position where one of
// the wanted rules matches, and the engine then takes each rule's own match there with the rule's
// own regex (sticky), so findings are those of the rule's own scan.
//
// Exactness: a leftmost-first match at p names only the FIRST alternative matching at p and hides
// matches starting inside it. So the pass restarts at p + 1 (not at the match end), and an
// anchored RE2.Set of the same alternatives says which of them match at p. Every position where
// any member matches is visited, in order.
import RE2 from 're2';
import { classEnd, NAMED_GROUP } from './pattern-syntax.js';

/**
 * What a combined pass searches for one rule: a pattern matching at least wherever the rule's own
 * pattern matches, in the whole text or in a window of it cut at whitespace (the engine's sticky
 * exec of the rule's own regex then decides). Rewritten outside character classes:
 * - capturing groups (numbered or named) become `(?:`, so the pass's groups number its rules;
 * - wide counted repetitions `{m,n}` become `{m,}`: several rules' `{2,64}` ... `{6,64}` together
 *   make a DFA that outgrows RE2's memory, and RE2 then falls back to its NFA (measured: 1.6 s
 *   instead of 25 ms on 2 MB of chat text);
 * - `$` and `\z` also accept a whitespace or control character (a window's end is one in the text).
 * `startAnchored`: the pattern has `^` or `\A`, which at a window's start hold for the rule alone
 * but not in the whole text: the engine tries each window's first position itself.
 */
export function locatorOf(pattern: string): { source: string; startAnchored: boolean } {
  let out = '';
  let startAnchored = false;
  const END = '(?:$|[\\x00-\\x20])';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      i++;
      if (n === 'Q') {
        // \Q…\E: literal text, copied as it is.
        const end = pattern.indexOf('\\E', i + 1);
        const stop = end === -1 ? pattern.length : end + 2;
        out += pattern.slice(i - 1, stop);
        i = stop - 1;
        continue;
      }
      if (n === 'A') startAnchored = true;
      out += n === 'z' ? END : c + n;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pattern, i);
      out += pattern.slice(i, end);
      i = end - 1;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] !== '?') {
        out += '(?:';
        continue;
      }
      const named = NAMED_GROUP.exec(pattern.slice(i, i + 80));
      if (named) {
        out += '(?:';
        i += named[0].length - 1;
        continue;
      }
    }
    if (c === '{') {
      const count = /^\{(\d+),(\d+)\}/.exec(pattern.slice(i, i + 16));
      if (count && (Number(count[2]) >= 30 || Number(count[2]) - Number(count[1]) >= 16)) {
        out += `{${count[1]},}`;
        i += count[0].length - 1;
        continue;
      }
    }
    if (c === '^') startAnchored = true;
    out += c === '$' ? END : c;
  }
  return { source: out, startAnchored };
}

export interface Member {
  /** The engine's rule index. */
  index: number;
  pattern: string;
  caseSensitive: boolean;
}

/** Calls per position are cheap next to scanning; this counts one call as this many bytes. */
const CALL_COST = 512;

const DENSE_AFTER = 64;

/** Far above a working pass (3-5 ns per byte), far below RE2's NFA on a combined regex. */
const SLOW_NS_PER_BYTE = 200;

type AnchoredSet = InstanceType<typeof RE2.Set>;

export class CombinedPass {
  private readonly members: readonly Member[];
  /** The alternation of the members' locators: finds the next position where one matches. */
  private readonly regex: RE2;
  /** The same locators anchored: which of them match at a position (after one character of left
   * context, so `\b` sees the real text; at the text's start, without). */
  private readonly after: AnchoredSet;
  private readonly atStart: AnchoredSet;
  /** Passes run so far (the first also builds RE2's DFAs, so it is slower). */
  runs = 0;
  private strikes = 0;

  constructor(members: readonly Member[]) {
    this.members = members;
    const alternatives = members.map((m) => `(?:${m.caseSensitive ? '' : '(?i)'}${locatorOf(m.pattern).source})`);
    this.regex = new RE2(alternatives.join('|'), 'gu');
    this.after = new RE2.Set(
      alternatives.map((a) => `(?s:.)${a}`),
      'u',
      { anchor: 'start' },
    );
    this.atStart = new RE2.Set(alternatives, 'u', { anchor: 'start' });
  }

  /**
   * A combined regex whose DFA outgrew RE2's memory runs on RE2's NFA, 100 times slower. Callers
   * report each pass's time per byte; two such passes in a row (not the first, which builds
   * the DFAs) and this pass is not used again: the results are the same either way.
   */
  get slow(): boolean {
    return this.strikes >= 2;
  }

  reportSpeed(nsPerByte: number): void {
    // A first run that also builds the DFAs takes ~100 ns per byte; one five times the slow bar
    // is RE2's NFA already (a 30-rule keyword pass in bulk chat text: ~2,300 ns per byte, three
    // runs of ~600 ms per 256 KiB before it was dropped): drop it now.
    if (this.runs === 1 && nsPerByte > 5 * SLOW_NS_PER_BYTE) this.strikes = 2;
    else if (this.runs > 1) this.strikes = nsPerByte > SLOW_NS_PER_BYTE ? this.strikes + 1 : 0;
  }

  get indices(): number[] {
    return this.members.map((m) => m.index);
  }

  /**
   * Calls `hit(ruleIndex, position)` for every position of `input` where a member whose
   * `wanted[ruleIndex]` is 1 may match (every position where it does, perhaps a few more), in
   * increasing order of position. Returns false (and the caller must not use the hits) when the
   * positions are too dense or the matches too long for the pass to pay (hostile input: a
   * 100,000-character token matches again at every offset). Throws when RE2.Set runs out of
   * memory at match time.
   */
  locate(input: Buffer, wanted: Uint8Array, hit: (ruleIndex: number, position: number) => void): boolean {
    const re = this.regex;
    const members = this.members;
    if (!members.some((m) => wanted[m.index] === 1)) return true;
    this.runs++;
    const budget = 2 * input.length + 64 * CALL_COST;
    let work = 0;
    let positions = 0;
    re.lastIndex = 0;
    for (;;) {
      const from = re.lastIndex;
      const m = re.exec(input as unknown as string);
      if (m === null) break;
      const p = m.index;
      // Every member matching at p, not only the first alternative.
      const at = p > 0 ? this.after.match(input.subarray(p - 1) as unknown as string) : this.atStart.match(input as unknown as string);
      work += p + 2 * m[0].length - from + 2 * CALL_COST;
      for (const k of at) {
        const member = members[k];
        if (member && wanted[member.index] === 1) hit(member.index, p);
      }
      // Past a few, more than one position per KiB: the rules' own scans (with the hostile-input
      // guard) cost less than visiting every position.
      positions++;
      if (work > budget || (positions > DENSE_AFTER && positions * 1024 > p)) return false;
      re.lastIndex = p + 1;
    }
    return true;
  }
}

/**
 * Whether a pattern repeats a group that itself holds an open repetition of a negated class
 * (`(?:[^,;|]+[,;|]){0,4}`): in a combined pass such a member multiplies RE2's DFA states
 * (personal-record-row made passes of ~30 rules take 450-680 ms per 256 KiB of chat text instead
 * of 20-50). Those rules stay out of combined passes and run on their own.
 */
export function hasNestedRepetition(pattern: string): boolean {
  const source = locatorOf(pattern).source;
  // Per open group: whether an open repetition of a negated class occurs inside it so far.
  const open: boolean[] = [];
  /** What the next quantifier applies to: a negated class, a group holding one, or other. */
  let atom: 'negated' | 'group' | 'other' = 'other';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      i++;
      atom = 'other';
      continue;
    }
    if (c === '[') {
      atom = source[i + 1] === '^' ? 'negated' : 'other';
      i = classEnd(source, i) - 1;
      continue;
    }
    const counted = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 16)) : null;
    if (c === '*' || c === '+' || counted) {
      const unbounded = c !== '{' || counted?.[3] === '';
      const repeats = c !== '{' || (counted?.[2] !== undefined && (counted[3] === '' || Number(counted[3]) >= 2));
      if (atom === 'group' && repeats) return true;
      if (atom === 'negated' && unbounded && open.length > 0) open[open.length - 1] = true;
      if (counted) i += counted[0].length - 1;
      if (source[i + 1] === '?') i++;
      continue;
    }
    if (c === '?') continue;
    if (c === '(') {
      open.push(false);
      atom = 'other';
      continue;
    }
    if (c === ')') {
      const inner = open.pop() ?? false;
      if (inner && open.length > 0) open[open.length - 1] = true;
      atom = inner ? 'group' : 'other';
      continue;
    }
    atom = 'other';
  }
  return false;
}
