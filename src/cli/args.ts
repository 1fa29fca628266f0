import { editDistance } from '../core/edit-distance';

/** A usage error: the CLI prints it with a pointer to the usage text and exits 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
  /** Every value of each repeatable flag, in order (`--var a=1 --var b=2`); its last one is in `flags` too. */
  readonly lists: Map<string, string[]>;
}

/**
 * Reads `--flag`, `--flag value`, `--flag=value` and positionals. `valued` names the flags that
 * take a value (`repeatable` ones may be given more than once); any other flag is boolean.
 * Unknown flags are usage errors.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], booleans: readonly string[], repeatable: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (valued.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
      if (repeatable.includes(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
    } else if (booleans.includes(name) && eq === -1) {
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown option --${name}${didYouMean(name, [...valued, ...booleans])}`);
    }
  }
  return { positionals, flags, lists };
}

/**
 * ` (did you mean --json?)` for a flag close to one of `known`, else '': one edit in three letters
 * at most (`--jsn`, `--incldue`), so that a short word is not taken for another (`--nope`, `--name`).
 */
function didYouMean(name: string, known: readonly string[]): string {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let distance = limit + 1;
  for (const candidate of known) {
    const d = editDistance(name, candidate, limit);
    if (d < distance) [best, distance] = [candidate, d];
  }
  return best === undefined ? '' : ` (did you mean --${best}?)`;
}
