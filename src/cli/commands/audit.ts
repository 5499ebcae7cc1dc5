// Placeholder until the bot core lands `dlp audit verify|export` here (this file will be replaced).
import type { Command } from 'commander';

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('verify or export the audit log (not available yet)')
    .argument('[args...]')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('dlp audit: not available yet\n');
      process.exitCode = 2;
    });
}
