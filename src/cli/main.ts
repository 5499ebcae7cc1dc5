// The `dlp` command. Exit codes: 0 nothing found, 1 something found (or a lint/test problem),
// 2 usage or configuration error. Only results go to stdout; messages go to stderr.
import { Command, CommanderError } from 'commander';
import { registerRedactCommand } from './commands/redact.js';
import { registerRulesCommands } from './commands/rules.js';
import { registerScanCommand } from './commands/scan.js';
import { UsageError } from './setup.js';

async function run(p: Promise<number>): Promise<void> {
  try {
    process.exitCode = await p;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`dlp: ${e.message}\n`);
    } else {
      const err = e as NodeJS.ErrnoException;
      // File errors name the path; never print input text.
      process.stderr.write(`dlp: ${err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES' ? err.message : `internal error: ${err.message}`}\n`);
    }
    process.exitCode = 2;
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('dlp')
    .description('chat-dlp: find and redact secrets, personal data, legal details and classification markings')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  registerScanCommand(program, run);
  registerRedactCommand(program, run);
  registerRulesCommands(program, run);
  return program;
}

/**
 * Commands owned by other parts of the project, loaded only when asked for so that a problem in
 * one of them can never break `dlp scan`, and `dlp scan` does not pay for loading the service.
 */
async function registerOptional(program: Command, name: string | undefined): Promise<void> {
  const all = name === undefined || name === 'help' || name.startsWith('-');
  const load = async (command: string, register: () => Promise<void>) => {
    if (!all && name !== command) return;
    try {
      await register();
    } catch (e) {
      program
        .command(command)
        .description('(not available)')
        .allowUnknownOption()
        .action(() => {
          process.stderr.write(`dlp ${command}: not available: ${(e as Error).message}\n`);
          process.exitCode = 2;
        });
    }
  };
  await load('serve', async () => (await import('./commands/serve.js')).registerServeCommand(program));
  await load('audit', async () => (await import('./commands/audit.js')).registerAuditCommands(program));
  await load('eval', async () => (await import('./commands/eval.js')).registerEvalCommand(program));
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await registerOptional(program, argv[2]);
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`dlp: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}

await main(process.argv);
