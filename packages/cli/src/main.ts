/**
 * The `oneqr` command. Commands, flags and JSON fields documented in the README are a
 * contract relied on by outside tools: add, never rename.
 * Exit codes: 0 ok · 1 a signature or validity check failed · 2 bad input or usage.
 */
import { Command, CommanderError } from 'commander';
import { CliError, flatten } from './cli-error.ts';
import { registerRead } from './commands/read.ts';
import { registerKeys } from './commands/keys.ts';
import { registerIssue } from './commands/issue.ts';
import { registerTrustList } from './commands/trust-list.ts';
import { registerSymbols } from './commands/symbols.ts';
import { registerRegistry } from './commands/registry.ts';
import { registerAdmin } from './commands/admin.ts';
import { registerIssuers } from './commands/issuers.ts';
import { registerServe } from './commands/serve.ts';
import { registerVaccinations } from './commands/vaccinations.ts';
import { registerVenues } from './commands/venues.ts';
import { registerLinkage } from './commands/linkage.ts';
import { registerEvents } from './commands/events.ts';

export function buildProgram(): Command {
  const program = new Command('oneqr')
    .description('OneQR: read, issue, sign and verify Vietnam unified personal QR codes (Decision 1405)')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(oneLine(str)) })
    .addHelpText(
      'after',
      '\nEvery command has --help with an example. Exit: 0 ok, 1 a signature or validity check failed,\n' +
        '2 bad input or usage. Examples:\n' +
        '  oneqr read "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700"\n' +
        '  oneqr keys generate --out pc-covid.key.json > pc-covid.pub.json\n' +
        '  oneqr issue personal --key pc-covid.key.json --issuer pc-covid --fields person.json > qr.txt',
    );
  registerRead(program);
  registerKeys(program);
  registerIssue(program);
  registerTrustList(program);
  registerSymbols(program);
  registerRegistry(program);
  registerIssuers(program);
  registerAdmin(program);
  registerServe(program);
  registerVaccinations(program);
  registerVenues(program);
  registerLinkage(program);
  registerEvents(program);
  for (const cmd of program.commands) inherit(cmd);
  return program;
}

/** Sub-commands report errors the same way as the root. */
function inherit(cmd: Command): void {
  cmd.exitOverride().configureOutput({ outputError: (str, write) => write(oneLine(str)) });
  for (const sub of cmd.commands) inherit(sub);
}

function oneLine(str: string): string {
  const first = str.trim().split('\n')[0] ?? '';
  return `oneqr: ${first.replace(/^error: /, '')} (see --help)\n`;
}

/** Runs the command line and returns the exit code (never calls process.exit). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      // `oneqr help` asked for help (exit 0); a missing sub-command shows it as a usage error.
      if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
      return 2; // usage error: commander already printed one line
    }
    if (err instanceof CliError) {
      process.stderr.write(`oneqr: ${flatten(err.message)}\n`);
      return err.exitCode;
    }
    process.stderr.write(
      `oneqr: unexpected error: ${flatten(err instanceof Error ? err.message : String(err))}\n`,
    );
    return 2;
  }
}
