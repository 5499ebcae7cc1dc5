/**
 * Runs the REAL service as a child process (`node --import tsx src/main.ts`), exactly as
 * `npm start` does, on 127.0.0.1 with PORT=0 and a temp DATA_DIR, and gives tests its URL, its
 * log lines (JSON) and ways to stop (SIGTERM) or kill (SIGKILL) it.
 *
 *   const svc = await startServiceProcess({ env: { CONSOLE_ADMIN_PASSWORD: '...' } });
 *   await fetch(`${svc.url}/healthz`);
 *   await svc.stop();            // graceful; resolves with the exit code
 *
 * `waitFor: 'listening' | 'ready'` (default ready) — ready means /readyz answered 200.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServiceProcess {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** Every stdout+stderr line so far. */
  output(): string;
  /** Parsed JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  waitForLog(predicate: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGTERM; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL, no goodbye. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface StartServiceOptions {
  env?: Record<string, string>;
  dataDir?: string;
  waitFor?: 'listening' | 'ready' | 'none';
  timeoutMs?: number;
}

/** Environment without anything that could switch integrations on from the developer's shell. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'NODE_OPTIONS', 'TZ'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return env;
}

export async function startServiceProcess(opts: StartServiceOptions = {}): Promise<ServiceProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'dlp-svc-'));
  const env = { ...baseEnv(), PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_PRETTY: 'false', LOG_LEVEL: 'info', ...opts.env };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const lines: Array<Record<string, unknown>> = [];
  const watchers: Array<{ p: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }> = [];
  let partial = '';
  const onData = (chunk: Buffer) => {
    const s = chunk.toString('utf8');
    out += s;
    partial += s;
    let i: number;
    while ((i = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, i);
      partial = partial.slice(i + 1);
      try {
        const j = JSON.parse(line) as Record<string, unknown>;
        lines.push(j);
        for (const w of [...watchers]) {
          if (w.p(j)) {
            watchers.splice(watchers.indexOf(w), 1);
            w.resolve(j);
          }
        }
      } catch {
        // not a log line (config errors go to stderr as text)
      }
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

  const waitForLog = (p: (l: Record<string, unknown>) => boolean, timeoutMs = 20_000) => {
    const seen = lines.find(p);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const w = { p, resolve: (l: Record<string, unknown>) => (clearTimeout(t), resolve(l)) };
      const t = setTimeout(() => {
        watchers.splice(watchers.indexOf(w), 1);
        reject(new Error(`service: no matching log line within ${timeoutMs} ms. Output:\n${out.slice(-4000)}`));
      }, timeoutMs);
      watchers.push(w);
      void exited.then((code) => {
        if (watchers.includes(w)) {
          clearTimeout(t);
          watchers.splice(watchers.indexOf(w), 1);
          reject(new Error(`service exited (${code}) before the expected log line. Output:\n${out.slice(-4000)}`));
        }
      });
    });
  };

  const svc: ServiceProcess = {
    url: '',
    port: 0,
    dataDir,
    proc,
    output: () => out,
    logs: () => lines,
    waitForLog,
    exited,
    async stop(timeoutMs = 15_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGKILL');
      await exited;
    },
  };
  if (opts.waitFor === 'none') return svc;
  try {
    await waitUntilUp(svc, opts);
  } catch (e) {
    await svc.kill(); // never leave a child behind (it would keep the test runner alive)
    throw e;
  }
  return svc;
}

async function waitUntilUp(svc: ServiceProcess, opts: StartServiceOptions): Promise<void> {
  const { proc, waitForLog } = svc;
  const out = () => svc.output();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const listening = await waitForLog((l) => typeof l.port === 'number' && typeof l.url === 'string', timeoutMs);
  svc.port = listening.port as number;
  svc.url = `http://127.0.0.1:${svc.port}`;
  if (opts.waitFor === 'listening') return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(`${svc.url}/readyz`).catch(() => undefined);
    if (r?.status === 200) break;
    if (proc.exitCode !== null) throw new Error(`service exited (${proc.exitCode}) before ready. Output:\n${out().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`service not ready within ${timeoutMs} ms: ${r ? await r.text() : 'no answer'}\n${out().slice(-4000)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
