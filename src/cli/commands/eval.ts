// Placeholder until the rule-pack work lands `dlp eval CORPUS` here (this file will be replaced).
import type { Command } from 'commander';

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate the rules against a labelled corpus (not available yet)')
    .argument('[corpus]')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('dlp eval: not available yet\n');
      process.exitCode = 2;
    });
}
