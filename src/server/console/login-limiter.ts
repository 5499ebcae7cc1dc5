// Failed-login throttling: after `max` failures within the window for one client address or one
// user name, further attempts are refused until the window passes. Per process (documented).
export interface LoginLimiter {
  /** Milliseconds until a locked key unlocks; 0 when none of the keys is locked. */
  lockedFor(keys: string[]): number;
  fail(keys: string[]): void;
  succeed(keys: string[]): void;
}

export function createLoginLimiter(options: { max: number; windowMs: number; now?: () => number }): LoginLimiter {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  const recent = (k: string) => {
    const t = now();
    const list = (failures.get(k) ?? []).filter((x) => t - x < options.windowMs);
    if (list.length) failures.set(k, list);
    else failures.delete(k);
    return list;
  };
  return {
    lockedFor(keys) {
      let wait = 0;
      for (const k of keys) {
        const list = recent(k);
        if (list.length >= options.max) wait = Math.max(wait, options.windowMs - (now() - list[list.length - options.max]!));
      }
      return wait;
    },
    fail(keys) {
      for (const k of keys) failures.set(k, [...recent(k), now()]);
      if (failures.size > 10_000) failures.clear(); // bounded memory under a spray of names
    },
    succeed(keys) {
      for (const k of keys) failures.delete(k);
    },
  };
}
