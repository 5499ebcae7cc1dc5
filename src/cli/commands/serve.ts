// `dlp serve`: run the service (same as `npm start`), with a few flags over the environment,
// and `dlp serve --hash-password` to make a CONSOLE_ADMIN_PASSWORD_HASH / CONSOLE_USERS hash.
import type { Command } from 'commander';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { runService } from '../../server/run.js';
import { hashPassword } from '../../server/console/password.js';

async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += String(chunk);
    return data.replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => rl.question(prompt, (a) => (rl.close(), resolve(a))));
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the bot: Slack/Teams endpoints, /healthz, /readyz, /metrics and the console')
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .option('-c, --config <file>', 'YAML/JSON file of settings (same names as the environment variables)')
    .option('--rules <dir>', 'rules directory (overrides RULES_DIR)')
    .option('--data <dir>', 'data directory (overrides DATA_DIR)')
    .option('--hash-password', 'read a password from stdin and print its scrypt hash for CONSOLE_ADMIN_PASSWORD_HASH / CONSOLE_USERS')
    .action(async (opts: { port?: string; config?: string; rules?: string; data?: string; hashPassword?: boolean }) => {
      if (opts.hashPassword) {
        const pw = await readSecret('Password: ');
        if (pw.length < 12) {
          process.stderr.write('dlp serve: the password must be at least 12 characters\n');
          process.exit(2);
        }
        process.stdout.write(`${await hashPassword(pw)}\n`);
        return;
      }
      if (opts.port !== undefined && !/^\d+$/.test(opts.port)) {
        process.stderr.write(`dlp serve: --port must be a number, got "${opts.port}"\n`);
        process.exit(2);
      }
      await runService({
        configFile: opts.config,
        override: (c) => ({
          ...c,
          port: opts.port !== undefined ? Number(opts.port) : c.port,
          rulesDir: opts.rules ? path.resolve(opts.rules) : c.rulesDir,
          policyFile: opts.rules && c.policyFile === path.join(c.rulesDir, 'policy.yaml') ? path.join(path.resolve(opts.rules), 'policy.yaml') : c.policyFile,
          dataDir: opts.data ? path.resolve(opts.data) : c.dataDir,
        }),
      });
    });
}
