import { TextDecoder } from 'node:util';
import { isTokenAt } from '../ascii';
import { utf8IfValid } from '../wire/header-text';

/**
 * The file name a Content-Disposition value proposes (RFC 6266 §4.1), unsanitized: `filename*`
 * (an RFC 8187 ext-value, `UTF-8''na%C3%AFve.txt`) when it decodes, else `filename` (a token or a
 * quoted-string), else undefined. The disposition type does not matter: `inline` may carry a
 * name too. Callers must sanitize the result (save-file-name.ts): it may hold a path.
 */
export function filenameOfContentDisposition(value: string): string | undefined {
  const params = dispositionParams(value);
  const extended = params.get('filename*');
  const decoded = extended === undefined ? undefined : decodeExtValue(extended);
  if (decoded !== undefined && decoded !== '') return decoded;
  const plain = params.get('filename');
  return plain === undefined || plain === '' ? undefined : utf8IfValid(plain);
}

/**
 * The parameters after the disposition type, names lower-cased, the first of each name kept
 * (RFC 6266 §4.1: a repeated parameter makes the field invalid; the first is what most agents
 * take). Lenient where servers are: an unquoted value may hold spaces, up to the next `;`.
 */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  let at = value.indexOf(';');
  while (at !== -1 && at < value.length) {
    at++;
    const eq = value.indexOf('=', at);
    if (eq === -1) break;
    const name = value.slice(at, eq).trim().toLowerCase();
    let i = eq + 1;
    while (value[i] === ' ' || value[i] === '\t') i++;
    let parsed: string;
    if (value[i] === '"') {
      const quoted = readQuotedString(value, i);
      parsed = quoted.text;
      at = value.indexOf(';', quoted.end);
    } else {
      const end = value.indexOf(';', i);
      parsed = value.slice(i, end === -1 ? value.length : end).trim();
      at = end;
    }
    if (isTokenAt(name, 0, name.length) && !params.has(name)) params.set(name, parsed);
  }
  return params;
}

/** RFC 9110 §5.6.4 quoted-string from the `"` at `start`: backslash escapes undone; an unclosed one runs to the end. */
function readQuotedString(value: string, start: number): { text: string; end: number } {
  let text = '';
  for (let i = start + 1; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') return { text, end: i + 1 };
    if (c === '\\' && i + 1 < value.length) text += value[++i];
    else text += c;
  }
  return { text, end: value.length };
}

/**
 * RFC 8187 §3.2.1 ext-value: `charset'[language]'value-chars`, the value percent-encoded bytes in
 * that charset. UTF-8 and ISO-8859-1 are the two every recipient must support; anything else, or
 * bytes that are not valid in the charset, gives undefined and `filename` is used instead.
 */
function decodeExtValue(ext: string): string | undefined {
  const m = /^([!#$%&+^_`{}~0-9A-Za-z-]+)'[^']*'(.*)$/.exec(ext.trim());
  if (m === null) return undefined;
  const charset = m[1]!.toLowerCase();
  const bytes = percentDecode(m[2]!);
  if (bytes === undefined) return undefined;
  if (charset === 'iso-8859-1') return bytes.toString('latin1');
  if (charset !== 'utf-8') return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function percentDecode(text: string): Buffer | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c > 0x20 && c < 0x7f) {
      bytes.push(c);
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes);
}

