// Which rules can match at all in a text made of only some characters. Random-character input
// (a pasted base64 blob, `[A-Za-z0-9_-]` ids, upper case and digits) lacks most punctuation and
// often spaces, and most rules need one of those (`=`, `:`, a space before "is"): a rule whose
// pattern cannot match any string over the characters present cannot match in the text, so the
// engine leaves it out there. Likewise a rule whose findings need a context word none of which
// can occur (no letters at all in 1 MB of digit groups). Real text contains nearly every
// character, so there nothing changes.
//
// The pattern is parsed into a small tree (classes, concatenation, alternation, repetition;
// assertions match the empty string). Anything not understood counts as "any character", so the
// answer errs only towards "can match".

/** A character set over ASCII (bytes 0-127) plus one flag for "some non-ASCII character". */
type Chars = Uint8Array; // length 129: [0..127] ASCII, [128] any non-ASCII

export type PatternNode =
  | { kind: 'chars'; chars: Chars }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; items: Node[] }
  | { kind: 'repeat'; item: Node; min: number }
  | { kind: 'empty' };
type Node = PatternNode;

const NON_ASCII = 128;

function charsOf(...codes: number[]): Chars {
  const c = new Uint8Array(129);
  for (const x of codes) c[x < 128 ? x : NON_ASCII] = 1;
  return c;
}

function anyChars(): Chars {
  return new Uint8Array(129).fill(1);
}

function range(c: Chars, from: number, to: number): void {
  for (let x = from; x <= Math.min(to, 127); x++) c[x] = 1;
  if (to >= 128) c[NON_ASCII] = 1;
}

function complement(c: Chars): Chars {
  const out = new Uint8Array(129);
  for (let x = 0; x < 128; x++) out[x] = c[x] ? 0 : 1;
  out[NON_ASCII] = 1;
  return out;
}

/** Both cases of every ASCII letter; RE2 also folds k and s to non-ASCII letters (K, ſ). */
function foldCase(c: Chars): Chars {
  const out = Uint8Array.from(c);
  for (let x = 65; x <= 90; x++) {
    if (c[x] || c[x + 32]) {
      out[x] = 1;
      out[x + 32] = 1;
      out[NON_ASCII] = 1;
    }
  }
  return out;
}

const SPACE = [9, 10, 11, 12, 13, 32];
function perlClass(letter: string): Chars | undefined {
  const c = new Uint8Array(129);
  switch (letter.toLowerCase()) {
    case 'd':
      range(c, 48, 57);
      break;
    case 's':
      for (const x of SPACE) c[x] = 1;
      break;
    case 'w':
      range(c, 48, 57);
      range(c, 65, 90);
      range(c, 97, 122);
      c[95] = 1;
      break;
    default:
      return undefined;
  }
  return letter === letter.toUpperCase() ? complement(c) : c;
}

const LITERALS = new Map<number, Node>();
const FOLDED_LITERALS = new Map<number, Node>();

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private fold: boolean,
  ) {}

  parse(): Node {
    const node = this.alternation();
    // An unmatched `)` or anything left over: give up (any character).
    return this.i < this.src.length ? { kind: 'chars', chars: anyChars() } : node;
  }

  private alternation(): Node {
    const items: Node[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'alt', items };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      let atom = this.atom();
      if (atom === undefined) continue;
      atom = this.quantified(atom);
      items.push(atom);
    }
    return { kind: 'seq', items };
  }

  private quantified(atom: Node): Node {
    for (;;) {
      const c = this.src[this.i];
      let min: number | undefined;
      if (c === '*' || c === '?') min = 0;
      else if (c === '+') min = 1;
      else if (c === '{') {
        const m = /^\{(\d+)(?:,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 16));
        if (!m) return atom; // a literal `{`, read as an atom next
        min = Number(m[1]);
        this.i += m[0].length - 1;
      } else return atom;
      this.i++;
      if (this.src[this.i] === '?' || this.src[this.i] === '+') this.i++; // lazy / possessive
      atom = { kind: 'repeat', item: atom, min };
    }
  }

  private literal(code: number): Node {
    // Shared per character (nodes are never changed): patterns are mostly literals.
    const memo = this.fold ? FOLDED_LITERALS : LITERALS;
    let node = memo.get(code);
    if (!node) {
      const chars = charsOf(code);
      node = { kind: 'chars', chars: this.fold ? foldCase(chars) : chars };
      memo.set(code, node);
    }
    return node;
  }

  /** One atom, or undefined for a flag setting such as `(?i)` (which changes this.fold). */
  private atom(): Node | undefined {
    const src = this.src;
    const c = src[this.i] as string;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape(false) as Node;
    this.i++;
    if (c === '^' || c === '$') return { kind: 'empty' };
    if (c === '.') return { kind: 'chars', chars: anyChars() };
    const code = c.codePointAt(0) as number;
    if (code > 0xffff) this.i++;
    return this.literal(code);
  }

  private group(): Node | undefined {
    const src = this.src;
    this.i++; // (
    const outerFold = this.fold;
    if (src[this.i] === '?') {
      const named = /^\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(src.slice(this.i, this.i + 80));
      if (named) this.i += named[0].length;
      else {
        const flags = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(src.slice(this.i, this.i + 16));
        if (!flags) {
          this.i = src.length; // not understood: parse() answers "any character"
          return { kind: 'chars', chars: anyChars() };
        }
        this.i += flags[0].length;
        let fold = this.fold;
        if (flags[1]?.includes('i')) fold = true;
        if (flags[2]?.includes('i')) fold = false;
        if (flags[3] === ')') {
          this.fold = fold; // lasts to the end of the enclosing group
          return undefined;
        }
        this.fold = fold;
      }
    }
    const inner = this.alternation();
    if (src[this.i] === ')') this.i++;
    this.fold = outerFold;
    return inner;
  }

  /** An escape outside (false) or inside (true) a class: its characters, or empty for assertions. */
  private escape(inClass: boolean): Node | Chars {
    const src = this.src;
    const n = src[this.i + 1] ?? '';
    this.i += 2;
    const wrap = (chars: Chars): Node | Chars => (inClass ? chars : { kind: 'chars', chars: this.fold ? foldCase(chars) : chars });
    const perl = perlClass(n);
    if (perl) return inClass ? perl : { kind: 'chars', chars: perl };
    if (!inClass && 'bBAzZ'.includes(n)) return { kind: 'empty' };
    if (n === 'x') {
      const m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{2})/.exec(src.slice(this.i, this.i + 10));
      if (m) {
        this.i += m[0].length;
        return wrap(charsOf(parseInt(m[1] ?? m[2] ?? '0', 16)));
      }
      return wrap(anyChars());
    }
    if (n === 'Q') {
      const end = src.indexOf('\\E', this.i);
      const text = src.slice(this.i, end === -1 ? src.length : end);
      this.i = end === -1 ? src.length : end + 2;
      if (inClass) return anyChars();
      return { kind: 'seq', items: [...text].map((ch) => this.literal(ch.codePointAt(0) as number)) };
    }
    if (n === 'p' || n === 'P') {
      // Unicode classes: skip the name, count them as any character.
      if (src[this.i] === '{') {
        const end = src.indexOf('}', this.i);
        this.i = end === -1 ? src.length : end + 1;
      } else this.i++;
      return wrap(anyChars());
    }
    if (n in SIMPLE_ESCAPES) return wrap(charsOf(SIMPLE_ESCAPES[n] as number));
    if (/[A-Za-z0-9]/.test(n)) return wrap(anyChars()); // not understood
    const code = n.codePointAt(0) as number;
    if (code > 0xffff) this.i++;
    return wrap(charsOf(code));
  }

  private charClass(): Node {
    const src = this.src;
    this.i++; // [
    let negate = false;
    if (src[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const set = new Uint8Array(129);
    const add = (chars: Chars) => {
      for (let x = 0; x < 129; x++) if (chars[x]) set[x] = 1;
    };
    let first = true;
    while (this.i < src.length && (src[this.i] !== ']' || first)) {
      first = false;
      const posix = src[this.i] === '[' ? /^\[:\^?[a-z]+:\]/.exec(src.slice(this.i, this.i + 16)) : null;
      if (posix) {
        this.i += posix[0].length;
        add(anyChars());
        continue;
      }
      let lo: number;
      if (src[this.i] === '\\') {
        const e = this.escape(true) as Chars;
        // A single character may start a range; a class escape may not.
        let count = 0;
        let only = -1;
        for (let x = 0; x < 129; x++) {
          if (!e[x]) continue;
          count++;
          only = x;
        }
        if (count !== 1 || only === NON_ASCII || src[this.i] !== '-' || src[this.i + 1] === ']') {
          add(e);
          continue;
        }
        lo = only;
      } else {
        lo = src.codePointAt(this.i) as number;
        this.i += lo > 0xffff ? 2 : 1;
      }
      if (src[this.i] === '-' && src[this.i + 1] !== ']' && this.i + 1 < src.length) {
        this.i++;
        let hi: number;
        if (src[this.i] === '\\') {
          const e = this.escape(true) as Chars;
          // The range's end: the escape's character (its highest, when unclear).
          hi = e.lastIndexOf(1);
          if (hi === NON_ASCII || hi === -1) hi = 0x10ffff;
        } else {
          hi = src.codePointAt(this.i) as number;
          this.i += hi > 0xffff ? 2 : 1;
        }
        const r = new Uint8Array(129);
        range(r, lo, hi);
        add(r);
      } else add(charsOf(lo));
    }
    this.i++; // ]
    let chars: Chars = this.fold ? foldCase(set) : set;
    if (negate) chars = complement(chars);
    return { kind: 'chars', chars };
  }
}

/**
 * The tree of `pattern` (RE2 syntax): character sets are supersets of what each part matches
 * (anything not understood is any character; negated classes holding such parts excepted).
 * Throws on what the parser cannot read.
 */
export function parsePattern(pattern: string, caseInsensitive: boolean): PatternNode {
  return new Parser(pattern, caseInsensitive).parse();
}

function canMatch(node: Node, present: Uint8Array): boolean {
  switch (node.kind) {
    case 'empty':
      return true;
    case 'chars': {
      const c = node.chars;
      for (let x = 0; x < 129; x++) if (c[x] && present[x]) return true;
      return false;
    }
    case 'seq':
      return node.items.every((n) => canMatch(n, present));
    case 'alt':
      return node.items.some((n) => canMatch(n, present));
    case 'repeat':
      return node.min === 0 || canMatch(node.item, present);
  }
}

export class AlphabetCheck {
  private readonly tree: Node;

  /** `pattern` in RE2 syntax; `caseInsensitive` as the rule is compiled (the `i` flag). */
  constructor(pattern: string, caseInsensitive: boolean) {
    try {
      this.tree = new Parser(pattern, caseInsensitive).parse();
    } catch {
      this.tree = { kind: 'empty' };
    }
  }

  /**
   * Whether the pattern may match some string made only of the characters marked in `present`
   * (129 entries: ASCII codes, then 1 when any non-ASCII character occurs). False means it
   * matches nowhere in such a text.
   */
  canMatch(present: Uint8Array): boolean {
    return canMatch(this.tree, present);
  }
}

// Characters looked for one by one (Buffer#indexOf is a native memchr: a character that occurs
// is found within a few bytes, one that does not costs a fast scan). Other control characters
// count as present: no rule depends on them.
const LOOKED_FOR: number[] = [9, 10, 11, 12, 13];
for (let x = 32; x < 127; x++) LOOKED_FOR.push(x);

/** The characters that occur in `bytes` (pure ASCII), as `AlphabetCheck.canMatch` takes them. */
export function presentChars(bytes: Buffer): Uint8Array {
  const present = new Uint8Array(129).fill(1);
  present[NON_ASCII] = 0;
  for (const x of LOOKED_FOR) present[x] = bytes.indexOf(x) === -1 ? 0 : 1;
  return present;
}

/**
 * The characters that occur in `text` (any string; one walk). Control characters other than
 * whitespace count as present, as in `presentChars`.
 */
export function presentInString(text: string): Uint8Array {
  const present = new Uint8Array(129);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    present[c < 128 ? c : NON_ASCII] = 1;
  }
  for (let x = 0; x < 32; x++) if (x < 9 || x > 13) present[x] = 1;
  present[127] = 1;
  return present;
}

/** One rule as FeasibleRules sees it. */
export interface RuleAlphabet {
  /** Its pattern (none: always feasible). */
  pattern?: string;
  caseInsensitive: boolean;
  /** Context words a finding needs (required context): one must be able to occur in the text. */
  requiredWords?: readonly string[];
}

/**
 * Whether `word` can occur in the lower-cased text whose characters are `present`. Non-ASCII
 * characters count as one: any of them may be any (lower-casing the Kelvin sign gives `k`).
 */
function wordCanOccur(word: string, present: Uint8Array): boolean {
  const w = word.toLowerCase();
  const other = present[NON_ASCII] === 1;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128 || (other && c === 107)) {
      if (!other) return false;
      continue;
    }
    if (!present[c] && !(c >= 97 && c <= 122 && present[c - 32])) return false;
  }
  return true;
}

/**
 * Per rule, whether it may match (and report) in a pure-ASCII text, from the characters the text
 * contains; the answers are kept for the last few alphabets (hostile input repeats one alphabet).
 */
export class FeasibleRules {
  private readonly specs: readonly RuleAlphabet[];
  /** Parsed on first need (a few hundred patterns take a few hundred ms; chat never needs them). */
  private rules?: ReadonlyArray<{ check?: AlphabetCheck; words?: readonly string[] }>;
  private readonly cache = new Map<string, Uint8Array>();

  constructor(rules: readonly RuleAlphabet[]) {
    this.specs = rules;
  }

  /** 1 where rule i may report something in `text` (a Buffer of pure ASCII, or any string), 0 where it cannot. */
  of(text: Buffer | string): Uint8Array {
    const present = typeof text === 'string' ? presentInString(text) : presentChars(text);
    const key = present.join('');
    let mark = this.cache.get(key);
    if (!mark) {
      this.rules ??= this.specs.map((r) => ({
        ...(r.pattern ? { check: new AlphabetCheck(r.pattern, r.caseInsensitive) } : {}),
        ...(r.requiredWords && r.requiredWords.length > 0 ? { words: r.requiredWords } : {}),
      }));
      mark = Uint8Array.from(this.rules, (r) => ((!r.check || r.check.canMatch(present)) && (!r.words || r.words.some((w) => wordCanOccur(w, present))) ? 1 : 0));
      if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, mark);
    }
    return mark;
  }
}

/** Structures built for a subset of the rules (the ones that may match in some alphabet), the last few kept. */
export class SubsetCache<T> {
  private readonly kept = new Map<string, T>();

  constructor(
    private readonly build: (indices: readonly number[]) => T,
    private readonly keep = 4,
  ) {}

  get(indices: readonly number[]): T {
    const key = indices.join(',');
    let value = this.kept.get(key);
    if (value === undefined && !this.kept.has(key)) {
      value = this.build(indices);
      if (this.kept.size >= this.keep) this.kept.delete(this.kept.keys().next().value as string);
      this.kept.set(key, value);
    }
    return value as T;
  }
}
