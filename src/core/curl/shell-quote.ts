/**
 * Quoting for a POSIX shell (XCU §2.2). Inside `'...'` every byte is itself except `'`, written
 * `'\''` (close, an escaped quote, reopen). Line ends and other control characters stay out of
 * `'...'`: a terminal may take a pasted CR as Enter, so those go in `$'...'` as escapes.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * `text` as one shell word that the shell turns back into exactly `text`, always quoted (a URL or
 * header reads the same whatever it holds).
 */
export function shellQuote(text: string): string {
  if (!CONTROL.test(text)) return `'${text.replace(/'/g, "'\\''")}'`;
  return ansiCQuote(Buffer.from(text, 'utf8'));
}

/**
 * Bytes as `$'...'` (bash, zsh, ksh; POSIX.1-2024), for text with control characters or bytes
 * that are not UTF-8: printable ASCII as itself, the rest as `\n`, `\r`, `\t` or `\xHH`. A NUL
 * cannot be in an argument at all (C strings end there): callers send such bodies through stdin.
 */
export function ansiCQuote(bytes: Uint8Array): string {
  let out = "$'";
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x27) out += "\\'";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

/**
 * Bytes as a single-quoted `printf` format that prints exactly them (any byte, NUL included):
 * printable ASCII as itself, `%` as `%%`, `\` as `\\`, the rest as a three-digit octal escape
 * (XCU printf: `\ddd`).
 */
export function printfFormat(bytes: Uint8Array): string {
  let out = "'";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    // A leading `-` would read as an option (`--boundary` of a multipart body: bash's printf
    // refuses it, dash's too); as an octal escape it is a byte of the format like any other.
    if (i === 0 && b === 0x2d) out += '\\055';
    else if (b === 0x25) out += '%%';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x27) out += "'\\''";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `${out}'`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as one `--data-binary` argument, or undefined when it holds a NUL (stdin only). */
export function bodyArgument(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return ansiCQuote(bytes);
  }
  // Line feeds and tabs are safe in '...'; a CR or another control character is not.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) return ansiCQuote(bytes);
  return `'${text.replace(/'/g, "'\\''")}'`;
}
