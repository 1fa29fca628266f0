import * as path from 'node:path';
import { ErrorCodes } from '../errors';
import type { DotenvSource } from './inputs';
import { VariableProblem } from './variable-problem';

/** Reads a whole file as UTF-8; undefined when it does not exist. Injected: tests give a map. */
export type ReadTextFile = (filePath: string) => Promise<string | undefined>;

const LINE = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/;

/**
 * The variables of a `.env` text, as the `dotenv` package reads them (REST Client's `$dotenv`
 * uses it): `NAME=value` lines, `export` allowed, `#` comments; a value in single, double or back
 * quotes is taken as written (double quotes turn `\n` into a line break), an unquoted one ends
 * before ` #`. A later line for a name wins.
 */
export function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    const m = LINE.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const quote = value.charAt(0);
    if ((quote === '"' || quote === "'" || quote === '`') && value.length > 1 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    } else {
      const comment = value.search(/\s#/);
      if (comment !== -1) value = value.slice(0, comment).trimEnd();
    }
    values.set(m[1]!, value);
  }
  return values;
}

/**
 * `$dotenv NAME` from the `.env` file in `folder` (the `.http` file's, as REST Client looks), or
 * from `.env.<environment>` there when an environment is chosen and that file exists (REST Client
 * reads that one instead), read once, when first needed. A missing file is a problem that says
 * where it was looked for.
 */
export function dotenvInFolder(folder: string, readTextFile: ReadTextFile, environmentName?: string): DotenvSource {
  const plain = path.join(folder, '.env');
  const forEnvironment = environmentName === undefined ? undefined : path.join(folder, `.env.${environmentName}`);
  let values: Promise<Map<string, string> | undefined> | undefined;
  const read = async (): Promise<Map<string, string> | undefined> => {
    for (const file of forEnvironment === undefined ? [plain] : [forEnvironment, plain]) {
      let text: string | undefined;
      try {
        text = await readTextFile(file);
      } catch (err) {
        throw new VariableProblem(`has no value: the .env file at ${file} could not be read (${(err as Error).message})`, ErrorCodes.file);
      }
      if (text !== undefined) return parseDotenv(text);
    }
    return undefined;
  };
  return {
    async value(name) {
      values ??= read();
      const found = await values;
      if (found === undefined) throw new VariableProblem(`has no value: there is no .env file at ${plain}${forEnvironment === undefined ? '' : ` (nor ${path.basename(forEnvironment)})`}`);
      return found.get(name);
    },
  };
}
