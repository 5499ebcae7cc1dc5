// Runs outbox rounds as soon as there is work, instead of waiting for the worker's next poll.
/**
 * Trigger for outbox rounds: `kick()` starts `runOnce()` now (up to `concurrency` rounds at once;
 * the store's leases keep rounds from taking the same action and keep each chain in order), or
 * once more after a round in progress. Lets warnings go out without waiting for the next poll.
 */
export function createWorkerKicker(
  runOnce: () => Promise<unknown>,
  opts: { concurrency?: number; onError?: (err: unknown) => void } = {},
): { kick(): void; idle(): Promise<void> } {
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const rounds = new Set<Promise<void>>();
  let pending = 0;
  const round = async (): Promise<void> => {
    do {
      pending = Math.max(0, pending - 1);
      try {
        await runOnce();
      } catch (err) {
        opts.onError?.(err);
      }
    } while (pending > 0);
  };
  return {
    kick() {
      pending += 1;
      if (rounds.size >= concurrency) return;
      const p: Promise<void> = round().finally(() => rounds.delete(p));
      rounds.add(p);
    },
    async idle() {
      while (rounds.size > 0) await Promise.all([...rounds]);
    },
  };
}
