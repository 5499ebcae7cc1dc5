// One pass over the text picks the candidate rules: RE2.Set reports which patterns match anywhere,
// without positions, in one linear-time scan. node-re2 1.23's RE2.Set takes no `maxMem` option (its
// options are only `anchor`), so the default RE2 memory budget applies; to stay inside it the
// patterns are split into chunks, and a chunk that fails (compile or out-of-memory at match time)
// degrades to "all its rules are candidates" - slower, never wrong.
import RE2 from 're2';

interface Chunk {
  set?: InstanceType<typeof RE2.Set>;
  /** Rule indices for the set's pattern positions. */
  members: number[];
}

export interface PrefilterStats {
  chunks: number;
  patterns: number;
  /** Patterns the set could not take (always candidates). */
  unsettled: number;
  /** Match-time failures since creation (each made a whole chunk a candidate). */
  failures: number;
}

export class Prefilter {
  private readonly chunks: Chunk[] = [];
  private readonly always: number[] = [];
  private failures = 0;

  constructor(sources: ReadonlyArray<{ index: number; source: string }>, chunkSize = 48) {
    for (let i = 0; i < sources.length; i += chunkSize) this.build(sources.slice(i, i + chunkSize));
  }

  private build(part: ReadonlyArray<{ index: number; source: string }>): void {
    if (part.length === 0) return;
    try {
      const set = new RE2.Set(part.map((p) => p.source), 'u');
      this.chunks.push({ set, members: part.map((p) => p.index) });
    } catch {
      if (part.length === 1) {
        this.always.push(part[0]?.index ?? -1);
        return;
      }
      const mid = Math.ceil(part.length / 2);
      this.build(part.slice(0, mid));
      this.build(part.slice(mid));
    }
  }

  /** Indices of rules whose pattern may match `text`, ascending. */
  candidates(text: string | Buffer): number[] {
    const out: number[] = [...this.always];
    for (const chunk of this.chunks) {
      if (!chunk.set) continue;
      let hits: number[];
      try {
        hits = chunk.set.match(text);
      } catch {
        this.failures++;
        out.push(...chunk.members);
        continue;
      }
      for (const h of hits) {
        const idx = chunk.members[h];
        if (idx !== undefined) out.push(idx);
      }
    }
    return out.sort((a, b) => a - b);
  }

  stats(): PrefilterStats {
    return {
      chunks: this.chunks.length,
      patterns: this.chunks.reduce((n, c) => n + c.members.length, 0) + this.always.length,
      unsettled: this.always.length,
      failures: this.failures,
    };
  }
}
