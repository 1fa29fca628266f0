// The sent bytes of the Raw view as lines, each with the client's change to it. DOM-free, so it is
// tested in plain Node.
import type { ClientChangeView } from '../protocol';

/**
 * The sent head split into lines, each marked with the change of its header when the client
 * added or changed it (case-insensitive name; each change marks one line, the first unmarked one
 * of that name, so a duplicate written by the user stays unmarked). Plain data: unit-tested.
 */
export function markSentLines(sent: string, changes: readonly ClientChangeView[]): Array<{ readonly text: string; readonly change: ClientChangeView | undefined }> {
  const headEnd = sent.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? sent : sent.slice(0, headEnd + 2);
  const rest = headEnd === -1 ? '' : sent.slice(headEnd + 2);
  const pending = changes.filter((c) => c.action !== 'removed');
  const lines = head.split(/(?<=\r\n)/).map((text, i) => {
    if (i === 0) return { text, change: undefined };
    const name = text.slice(0, Math.max(0, text.indexOf(':'))).toLowerCase();
    const at = pending.findIndex((c) => c.name.toLowerCase() === name);
    const change = at === -1 ? undefined : pending.splice(at, 1)[0];
    return { text, change };
  });
  if (rest !== '') lines.push({ text: rest, change: undefined });
  return lines;
}
