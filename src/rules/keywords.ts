// A fast multi-substring search (Aho-Corasick compiled to a DFA over ASCII, case-insensitive):
// one pass over the text says which keywords occur, so rules with keywords run only when one of
// theirs is present (gitleaks' keyword pre-filter). Non-ASCII keywords, rare, use `includes`.

const ALPHABET = 128;

export class KeywordIndex {
  private readonly delta: Int32Array;
  /** Per state: keyword ids ending here (including through failure links), or undefined. */
  private readonly out: Array<number[] | undefined>;
  /** Per state: 1 when `out` has ids (a typed array keeps the hot loop monomorphic). */
  private readonly accepting: Uint8Array;
  /**
   * The same DFA for the string loop, one load per character: entry = (next state << 8) |
   * accepting, so `entry >> 1` is the next row's offset (state << 7) and bit 0 says keywords end there.
   */
  private readonly packed: Int32Array;
  /**
   * The byte loop's DFA over byte classes (characters no keyword contains share class 0, a
   * letter and its capital share one): rows of `classCount` entries, entry = (next row's offset
   * << 1) | accepting. A table a few times smaller than `packed` stays in the CPU's caches.
   */
  private readonly byClass: Int32Array;
  private readonly byteClass = new Uint8Array(256);
  private readonly classCount: number;
  private readonly nonAscii: Array<{ id: number; word: string }> = [];
  readonly size: number;

  constructor(keywords: readonly string[]) {
    this.size = keywords.length;
    const goto: Array<Map<number, number>> = [new Map()];
    const out: Array<number[] | undefined> = [undefined];
    keywords.forEach((kw, id) => {
      const word = kw.toLowerCase();
      if (word.length === 0) return;
      if (!/^[\x20-\x7e]*$/.test(word)) {
        this.nonAscii.push({ id, word });
        return;
      }
      let s = 0;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        let next = goto[s]?.get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push(undefined);
          goto[s]?.set(c, next);
        }
        s = next;
      }
      (out[s] ??= []).push(id);
    });
    // Breadth-first: failure links, then a full transition table (a DFA).
    const states = goto.length;
    const delta = new Int32Array(states * ALPHABET);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const next = goto[0]?.get(c);
      if (next !== undefined) {
        delta[c] = next;
        queue.push(next);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] ?? 0;
      const f = fail[s] ?? 0;
      const inherited = out[f];
      if (inherited) out[s] = [...(out[s] ?? []), ...inherited];
      for (let c = 0; c < ALPHABET; c++) {
        const next = goto[s]?.get(c);
        if (next !== undefined) {
          fail[next] = delta[f * ALPHABET + c] ?? 0;
          delta[s * ALPHABET + c] = next;
          queue.push(next);
        } else {
          delta[s * ALPHABET + c] = delta[f * ALPHABET + c] ?? 0;
        }
      }
    }
    // Case-insensitive: upper-case letters move like their lower-case forms.
    for (let st = 0; st < states; st++) for (let c = 65; c <= 90; c++) delta[st * ALPHABET + c] = delta[st * ALPHABET + c + 32] ?? 0;
    this.delta = delta;
    this.out = out;
    this.accepting = new Uint8Array(states);
    for (let st = 0; st < states; st++) if (out[st] !== undefined) this.accepting[st] = 1;
    this.packed = new Int32Array(delta.length);
    for (let k = 0; k < delta.length; k++) {
      const next = delta[k] ?? 0;
      this.packed[k] = (next << 8) | (this.accepting[next] ?? 0);
    }
    // Byte classes: one per (lower-case) character some keyword contains, class 0 for the rest.
    const representative = [-1];
    for (let c = 0; c < ALPHABET; c++) {
      if (c >= 65 && c <= 90) continue;
      if (keywords.some((kw) => kw.toLowerCase().includes(String.fromCharCode(c)))) {
        this.byteClass[c] = representative.length;
        representative.push(c);
      } else if (representative[0] === -1) representative[0] = c;
    }
    for (let c = 65; c <= 90; c++) this.byteClass[c] = this.byteClass[c + 32] ?? 0;
    for (let c = ALPHABET; c < 256; c++) this.byteClass[c] = this.byteClass[c & 0x7f] ?? 0;
    const k = representative.length;
    this.classCount = k;
    this.byClass = new Int32Array(states * k);
    for (let st = 0; st < states; st++) {
      for (let cl = 0; cl < k; cl++) {
        const next = delta[st * ALPHABET + (representative[cl] ?? 0)] ?? 0;
        this.byClass[st * k + cl] = ((next * k) << 1) | (this.accepting[next] ?? 0);
      }
    }
  }

  /** Same as `scan` over ASCII bytes (a latin1 Buffer of pure-ASCII text): faster on long input. */
  scanBytes(bytes: Uint8Array, hit: (id: number, end: number) => void): void {
    const table = this.byClass;
    const byteClass = this.byteClass;
    const classCount = this.classCount;
    const n = bytes.length;
    let e = 0;
    for (let i = 0; i < n; i++) {
      // A byte >= 128 (not expected: callers pass ASCII) is read as its low 7 bits: that can only
      // add hits, never lose one (the automaton finds every keyword whatever state it is in).
      e = table[(e >> 1) + (byteClass[bytes[i] as number] as number)] as number;
      if ((e & 1) !== 0) {
        const o = this.out[((e >> 1) / classCount) | 0] as number[];
        for (let k = 0; k < o.length; k++) hit(o[k] as number, i + 1);
      }
    }
  }

  /** Calls `hit(id, end)` for every occurrence of a keyword in `text` (`end` = offset after it). */
  scan(text: string, hit: (id: number, end: number) => void): void {
    const packed = this.packed;
    const n = text.length;
    let e = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= ALPHABET) {
        e = 0;
        continue;
      }
      e = packed[(e >> 1) | c] as number;
      if ((e & 1) !== 0) {
        const o = this.out[e >> 8] as number[];
        for (let k = 0; k < o.length; k++) hit(o[k] as number, i + 1);
      }
    }
    if (this.nonAscii.length > 0) {
      const lower = text.toLowerCase();
      for (const { id, word } of this.nonAscii) {
        const at = lower.length === text.length ? lower.indexOf(word) : -1;
        if (at !== -1) hit(id, at + word.length);
      }
    }
  }
}
