// DOM-free (unit-tested in plain Node): a whole JSON text laid out at once, as the panel lays it
// out piece by piece (json-stream-format.ts), for callers that hold the text already and whose
// text is small (the compared body of two responses is capped).

import { JsonStreamFormatter } from './json-stream-format';

/**
 * The text indented by two spaces, tokens as sent (numbers past 2^53 and escapes kept), or
 * undefined when it is not JSON (a cut or broken body is shown as it came).
 */
export function prettyJson(text: string): string | undefined {
  const formatter = new JsonStreamFormatter();
  const body = formatter.write(text);
  const tail = formatter.end();
  return body === undefined || tail === undefined ? undefined : body + tail;
}
