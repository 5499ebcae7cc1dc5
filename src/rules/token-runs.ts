// Where the run of non-whitespace characters (code > 32) around a position starts and ends.
// Windows are widened to whitespace so no token is cut; walking character by character is fine
// in chat text, but in one long token (a pasted 1 MB base64 blob) every window of every keyword
// rule walked back to the start of the segment and forward to its end: quadratic. Runs longer
// than WALK are looked up instead, found once per text by one regex pass.

const WALK = 256;
const LONG_RUN = /[^\x00-\x20]{256,}/g;

export class TokenRuns {
  private readonly text: string;
  /** Starts and ends of the runs of at least WALK characters, ascending (found on first need). */
  private starts?: number[];
  private ends?: number[];

  constructor(text: string) {
    this.text = text;
  }

  /** The first index of the run that ends at `at` (`at` itself when text[at - 1] is whitespace). */
  startBefore(at: number): number {
    const text = this.text;
    let i = at;
    const stop = Math.max(0, at - WALK);
    while (i > stop && text.charCodeAt(i - 1) > 32) i--;
    if (i > stop || i === 0 || text.charCodeAt(i - 1) <= 32) return i;
    const k = this.runContaining(at - 1);
    return k === -1 ? i : (this.starts as number[])[k] as number;
  }

  /** The index after the run that starts at or contains `at` (`at` itself at whitespace). */
  endAfter(at: number): number {
    const text = this.text;
    const n = text.length;
    let i = at;
    const stop = Math.min(n, at + WALK);
    while (i < stop && text.charCodeAt(i) > 32) i++;
    if (i < stop || i === n || text.charCodeAt(i) <= 32) return i;
    const k = this.runContaining(at);
    return k === -1 ? i : (this.ends as number[])[k] as number;
  }

  /** Index of the long run containing position `p`, or -1 (cannot happen after a full walk). */
  private runContaining(p: number): number {
    if (!this.starts) {
      const starts: number[] = [];
      const ends: number[] = [];
      LONG_RUN.lastIndex = 0;
      for (let m = LONG_RUN.exec(this.text); m !== null; m = LONG_RUN.exec(this.text)) {
        starts.push(m.index);
        ends.push(m.index + m[0].length);
      }
      this.starts = starts;
      this.ends = ends;
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) <= p) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && p < ((this.ends as number[])[hi] as number) ? hi : -1;
  }
}
