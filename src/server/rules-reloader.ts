// Hot reload of rules and policy: fs.watch on the rules directory (and the policy file's
// directory), debounced. A change is all-or-nothing: when any rule file or the policy has an
// error, the whole change is refused with file:line, the rules in force stay, and the refusal is
// logged, counted in /metrics and shown in the console.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

export interface ReloadOutcome {
  ok: boolean;
  at: string;
  errors: string[];
  ruleCount?: number;
}

export interface RulesReloader {
  /** Reload now (also used by tests and the console); resolves with the outcome. */
  reload(reason: string): Promise<ReloadOutcome>;
  stop(): void;
}

export function watchRules(options: {
  dirs: string[];
  debounceMs: number;
  logger: Logger;
  /** Load, validate and swap in; returns the outcome. Never throws for bad content. */
  apply: () => Promise<ReloadOutcome>;
}): RulesReloader {
  const { logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ReloadOutcome> | undefined;
  let again = false;
  const watchers: FSWatcher[] = [];

  const reload = async (reason: string): Promise<ReloadOutcome> => {
    if (running) {
      // Coalesce: one more pass after the current one sees every change made meanwhile.
      again = true;
      return running;
    }
    running = (async () => {
      let outcome: ReloadOutcome;
      do {
        again = false;
        try {
          outcome = await options.apply();
        } catch (e) {
          outcome = { ok: false, at: new Date().toISOString(), errors: [`reload failed: ${(e as Error).message}`] };
        }
        if (outcome.ok) logger.info({ reason, rules: outcome.ruleCount }, 'rules and policy reloaded');
        else logger.warn({ reason, errors: outcome.errors }, `rules change refused (${outcome.errors.length} error${outcome.errors.length === 1 ? '' : 's'}); previous rules stay in force`);
      } while (again);
      return outcome;
    })();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const schedule = (file: string | null) => {
    if (file && !/\.(ya?ml)$/i.test(file)) return; // editors' swap files, README edits
    clearTimeout(timer);
    timer = setTimeout(() => void reload(`changed ${file ?? 'rules directory'}`), options.debounceMs);
  };

  for (const dir of new Set(options.dirs.map((d) => path.resolve(d)))) {
    try {
      const w = watch(dir, { persistent: false }, (_event, file) => schedule(file ? String(file) : null));
      w.on('error', (e) => logger.warn({ dir, err: e.message }, 'rules watcher error'));
      watchers.push(w);
    } catch (e) {
      logger.warn({ dir, err: (e as Error).message }, 'cannot watch directory: hot reload off for it');
    }
  }

  return {
    reload,
    stop() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
