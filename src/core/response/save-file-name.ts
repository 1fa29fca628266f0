import { filenameOfContentDisposition } from './content-disposition';
import { mimeTypeOf } from './charset';

/** The extension a body of each media type is saved with (after its parameters are dropped). */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/json': '.json',
  'application/x-ndjson': '.ndjson',
  'application/xml': '.xml',
  'text/xml': '.xml',
  'text/html': '.html',
  'application/xhtml+xml': '.xhtml',
  'text/plain': '.txt',
  'text/css': '.css',
  'text/csv': '.csv',
  'text/markdown': '.md',
  'text/javascript': '.js',
  'application/javascript': '.js',
  'application/yaml': '.yaml',
  'application/x-yaml': '.yaml',
  'text/yaml': '.yaml',
  'application/graphql': '.graphql',
  'application/pdf': '.pdf',
  'application/zip': '.zip',
  'application/gzip': '.gz',
  'application/x-tar': '.tar',
  'application/wasm': '.wasm',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/avif': '.avif',
  'image/bmp': '.bmp',
  'image/svg+xml': '.svg',
  'image/x-icon': '.ico',
  'image/vnd.microsoft.icon': '.ico',
  'font/woff': '.woff',
  'font/woff2': '.woff2',
  'audio/mpeg': '.mp3',
  'video/mp4': '.mp4',
};

/** Stems Windows reserves for devices, with any extension (`nul.txt` is the device too). */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
/** Room for the temporary suffix a save adds: most file systems allow 255 bytes per name. */
const MAX_NAME_BYTES = 200;

/**
 * The extension for a Content-Type (`.json`), or undefined when the table has none. Structured
 * syntax suffixes (RFC 6839 §3.1, §4.1): `application/problem+json` is JSON, `…+xml` is XML.
 */
export function extensionOfMimeType(contentType: string | undefined): string | undefined {
  const mime = mimeTypeOf(contentType);
  return EXTENSIONS[mime] ?? (mime.endsWith('+json') ? '.json' : mime.endsWith('+xml') ? '.xml' : undefined);
}

/**
 * `name` made safe as one file name in any folder on any OS, or undefined when nothing usable is
 * left. RFC 6266 §4.3: only the last path segment is kept; control characters (C0, DEL, C1) and
 * invisible format characters (a right-to-left override can disguise `exe` as `txt`) go; the
 * characters Windows forbids become `_`; leading dots (hidden files, `..`) and trailing dots
 * and spaces (Windows drops them) are trimmed; a Windows device name gets a `_` in front; a long
 * name is cut to MAX_NAME_BYTES of UTF-8, its extension kept.
 */
export function sanitizeFileName(name: string): string | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]|\p{Cf}/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (cleaned === '') return undefined;
  return cutToBytes(WINDOWS_RESERVED.test(cleaned) ? `_${cleaned}` : cleaned, MAX_NAME_BYTES);
}

function cutToBytes(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = '';
  let bytes = Buffer.byteLength(ext);
  // By code point, so a character is never split.
  for (const c of name.slice(0, name.length - ext.length)) {
    bytes += Buffer.byteLength(c);
    if (bytes > maxBytes) break;
    stem += c;
  }
  return stem + ext;
}

/** The last non-empty path segment of `url`, percent-decoded, sanitized; undefined when there is none. */
function lastPathSegmentOf(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const segment = pathname.split('/').filter((s) => s !== '').pop();
  if (segment === undefined) return undefined;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not valid percent-encoding: the segment as it is.
  }
  return sanitizeFileName(decoded);
}

export interface BodyNameSource {
  readonly contentDisposition: string | undefined;
  readonly contentType: string | undefined;
  /** The URL the response came from (the last one after redirects). */
  readonly url: string;
}

/**
 * The default file name of a saved body: the Content-Disposition's name (sanitized), else
 * `response` with the extension of its media type, else the URL's last path segment, else
 * `response.bin`.
 */
export function bodyFileNameOf(source: BodyNameSource): string {
  const proposed = source.contentDisposition === undefined ? undefined : filenameOfContentDisposition(source.contentDisposition);
  const fromDisposition = proposed === undefined ? undefined : sanitizeFileName(proposed);
  if (fromDisposition !== undefined) return fromDisposition;
  const ext = extensionOfMimeType(source.contentType);
  if (ext !== undefined) return `response${ext}`;
  return lastPathSegmentOf(source.url) ?? 'response.bin';
}

/**
 * The default file name of a saved response (status line, headers, body as text): the request's
 * name, or, for a request known only by its request line (`GET http://…`, as the history and
 * unnamed requests are), the URL's last path segment without its extension; then `.http`, the
 * extension whose grammar colours a response.
 */
export function responseFileNameOf(label: string, method: string, url: string): string {
  const isRequestLine = label.startsWith(`${method} `);
  const named = isRequestLine ? undefined : sanitizeFileName(label);
  const stem = named ?? lastPathSegmentOf(url)?.replace(/(?<=.)\.[^.]*$/, '') ?? 'response';
  return `${stem}.http`;
}
