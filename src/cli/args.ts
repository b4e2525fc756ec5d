import { errorText } from './errors.js';

/** Minimal flag parsing for the command-line tools: `--name value`, `--flag`, and positionals. */
export interface ParsedArgs {
  flags: Map<string, string | true>;
  positionals: string[];
}

export function parseArgs(argv: string[], valued: string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!valued.includes(name)) {
      flags.set(name, true);
    } else if (inline !== undefined) {
      flags.set(name, inline);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      flags.set(name, argv[++i]);
    } else {
      throw new Error(`--${name} needs a value`);
    }
  }
  return { flags, positionals };
}

/** Runs a command-line tool: errors go to stderr with a non-zero exit. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`error: ${errorText(error)}`);
    process.exitCode = 1;
  }
}
