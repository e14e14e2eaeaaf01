// Runs only the `types` command as a process, until the CLI entry registers it (then use test/cli/run.ts).
import { Command } from 'commander';
import register from '../../src/cli/commands/types.js';

const program = new Command('mailsmith');
register(program);
await program.parseAsync(process.argv);
