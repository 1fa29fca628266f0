import { createHash } from 'node:crypto';
import type { CurlBodyPart } from './parse-curl';

/** One `-F` field: text, or a file's content (an upload when it has a filename). */
export interface FormField {
  readonly name: string;
  readonly value: CurlBodyPart;
  readonly filename?: string;
  readonly contentType?: string;
}

/** RFC 7578 §4.2 names and filenames go in quotes; curl (7.81+) writes `"` there as %22, and CR, LF too. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

/**
 * The multipart/form-data body (RFC 7578) of `-F` fields, as parts: text, and a file include for
 * each file's content. Line ends are CRLF (RFC 2046 §5.1.1). The boundary is derived from the
 * fields (a digest of them), so the same command always gives the same request, and no field
 * can contain it by chance.
 */
export function multipartBody(fields: readonly FormField[]): { boundary: string; parts: CurlBodyPart[] } {
  const hash = createHash('sha256');
  for (const f of fields) hash.update(`${f.name}\0${f.value.type === 'text' ? f.value.text : f.value.path}\0${f.filename ?? ''}\0${f.contentType ?? ''}\0`);
  const boundary = `----HttpWireFormBoundary${hash.digest('hex').slice(0, 24)}`;
  const parts: CurlBodyPart[] = [];
  let text = '';
  for (const f of fields) {
    text += `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(f.name)}${f.filename !== undefined ? `; filename=${quoted(f.filename)}` : ''}\r\n`;
    if (f.contentType !== undefined) text += `Content-Type: ${f.contentType}\r\n`;
    text += '\r\n';
    if (f.value.type === 'text') {
      text += `${f.value.text}\r\n`;
    } else {
      parts.push({ type: 'text', text });
      parts.push(f.value);
      text = '\r\n';
    }
  }
  parts.push({ type: 'text', text: `${text}--${boundary}--` });
  return { boundary, parts };
}
