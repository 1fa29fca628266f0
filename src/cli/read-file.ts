import { readFileSync } from 'node:fs';

/**
 * `readFileSync`, its error naming the file always: a folder's EISDIR comes from read(2), which
 * names none, so the message (main.ts) could not say which file of the run it was. `-` is stdin
 * (`generate-requests | http-wire send - --all`), as for curl and httpYac.
 */
export function readFileNamed(path: string): Buffer;
export function readFileNamed(path: string, encoding: 'utf8'): string;
export function readFileNamed(path: string, encoding?: 'utf8'): Buffer | string {
  try {
    const from = path === '-' ? 0 : path;
    return encoding === undefined ? readFileSync(from) : readFileSync(from, encoding);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (typeof e.code === 'string') e.path ??= path;
    throw err;
  }
}
