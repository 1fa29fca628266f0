/**
 * Issue 11, item 2: the default file names of Save Response Body (Content-Disposition per RFC 6266
 * with RFC 8187 `filename*`, else the media type, else the URL) and Save Response, sanitized.
 */
import * as assert from 'node:assert/strict';
import { filenameOfContentDisposition } from '../../../src/core/response/content-disposition';
import { bodyFileNameOf, extensionOfMimeType, responseFileNameOf, sanitizeFileName } from '../../../src/core/response/save-file-name';

/** A header value as the parser gives it: the field's bytes read as latin1. */
const latin1 = (utf8: string): string => Buffer.from(utf8, 'utf8').toString('latin1');

describe('core/response: Content-Disposition file names (issue 11, item 2)', () => {
  const rows: { name: string; input: string; want: string | undefined }[] = [
    { name: 'a quoted filename', input: 'attachment; filename="report.pdf"', want: 'report.pdf' },
    { name: 'a token filename', input: 'attachment; filename=report.pdf', want: 'report.pdf' },
    { name: 'names and type in any case', input: 'ATTACHMENT; FileName="x.txt"', want: 'x.txt' },
    { name: 'inline with a filename', input: 'inline; filename="shown.txt"', want: 'shown.txt' },
    { name: 'filename* in UTF-8 (RFC 8187)', input: "attachment; filename*=UTF-8''na%C3%AFve%20file.txt", want: 'naïve file.txt' },
    { name: 'filename* with a language tag', input: "attachment; filename*=utf-8'en'a.txt", want: 'a.txt' },
    { name: 'filename* in ISO-8859-1', input: "attachment; filename*=iso-8859-1'en'%A3%20rates.txt", want: '£ rates.txt' },
    { name: 'filename* preferred over a filename before it', input: "attachment; filename=\"fallback.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt", want: '€ rates.txt' },
    { name: 'filename* preferred over a filename after it', input: "attachment; filename*=UTF-8''%E2%82%AC.txt; filename=\"fallback.txt\"", want: '€.txt' },
    { name: 'filename* that is not valid UTF-8: filename instead', input: "attachment; filename*=UTF-8''%FF.txt; filename=\"fallback.txt\"", want: 'fallback.txt' },
    { name: 'filename* in a charset not supported: filename instead', input: "attachment; filename*=KOI8-R''%C6.txt; filename=plain.txt", want: 'plain.txt' },
    { name: 'filename* with a bad escape: filename instead', input: "attachment; filename*=UTF-8''%G0.txt; filename=plain.txt", want: 'plain.txt' },
    { name: 'escapes in a quoted-string', input: 'attachment; filename="a\\"b\\\\c.txt"', want: 'a"b\\c.txt' },
    { name: 'a semicolon inside quotes', input: 'attachment; filename="a;b.txt"; size=3', want: 'a;b.txt' },
    { name: 'raw UTF-8 in a quoted filename (as browsers read it)', input: latin1('attachment; filename="résumé.pdf"'), want: 'résumé.pdf' },
    { name: 'latin1 that is not UTF-8 stays latin1', input: 'attachment; filename="caf\u00e9.txt"', want: 'café.txt' },
    { name: 'the first of a repeated parameter', input: 'attachment; filename="one.txt"; filename="two.txt"', want: 'one.txt' },
    { name: 'an unquoted value with spaces (lenient)', input: 'attachment; filename=my report.pdf', want: 'my report.pdf' },
    { name: 'no filename', input: 'attachment', want: undefined },
    { name: 'an empty filename', input: 'attachment; filename=""', want: undefined },
    { name: 'a path (the caller sanitizes)', input: 'attachment; filename="../../etc/passwd"', want: '../../etc/passwd' },
  ];
  for (const row of rows) it(row.name, () => assert.equal(filenameOfContentDisposition(row.input), row.want));
});

describe('core/response: sanitizeFileName (issue 11, item 2)', () => {
  const rows: { name: string; input: string; want: string | undefined }[] = [
    { name: 'a plain name', input: 'report.pdf', want: 'report.pdf' },
    { name: 'a POSIX path: its last segment', input: '../../etc/passwd', want: 'passwd' },
    { name: 'a Windows path: its last segment', input: 'C:\\Windows\\evil.exe', want: 'evil.exe' },
    { name: 'dot-dot', input: '..', want: undefined },
    { name: 'a hidden file', input: '.bashrc', want: 'bashrc' },
    { name: 'nothing', input: '', want: undefined },
    { name: 'control characters', input: 'a\u0000b\u001fc\u007f\u0085.txt', want: 'abc.txt' },
    { name: 'a right-to-left override', input: 'invoice\u202Egpj.exe', want: 'invoicegpj.exe' },
    { name: 'characters Windows forbids', input: 'a<b>:c|d?e*"f.txt', want: 'a_b__c_d_e__f.txt' },
    { name: 'trailing dots and spaces', input: 'name. . ', want: 'name' },
    { name: 'a Windows device name', input: 'CON', want: '_CON' },
    { name: 'a Windows device name with an extension', input: 'nul.txt', want: '_nul.txt' },
    { name: 'a numbered device', input: 'com1.log', want: '_com1.log' },
    { name: 'a name that only starts like a device', input: 'console.txt', want: 'console.txt' },
    { name: 'non-ASCII kept', input: '€ rates.txt', want: '€ rates.txt' },
  ];
  for (const row of rows) it(row.name, () => assert.equal(sanitizeFileName(row.input), row.want));

  it('cuts a long name to 200 bytes of UTF-8, whole characters, its extension kept', () => {
    const name = sanitizeFileName(`${'é'.repeat(300)}.txt`)!;
    assert.ok(Buffer.byteLength(name) <= 200, String(Buffer.byteLength(name)));
    assert.ok(name.endsWith('é.txt'));
    assert.ok(!name.includes('\uFFFD'));
  });
});

describe('core/response: default names of a saved body and response (issue 11, item 2)', () => {
  const url = 'http://127.0.0.1:8080/files/archive.tar.gz?x=1';
  const rows: { name: string; input: Parameters<typeof bodyFileNameOf>[0]; want: string }[] = [
    { name: 'Content-Disposition first', input: { contentDisposition: 'attachment; filename="data.csv"', contentType: 'application/json', url }, want: 'data.csv' },
    { name: 'Content-Disposition sanitized', input: { contentDisposition: 'attachment; filename="../../x.json"', contentType: undefined, url }, want: 'x.json' },
    { name: 'an unusable Content-Disposition name: the media type', input: { contentDisposition: 'attachment; filename=".."', contentType: 'text/html; charset=utf-8', url }, want: 'response.html' },
    { name: 'JSON', input: { contentDisposition: undefined, contentType: 'application/json; charset=utf-8', url }, want: 'response.json' },
    { name: 'a +json type', input: { contentDisposition: undefined, contentType: 'application/problem+json', url }, want: 'response.json' },
    { name: 'a +xml type', input: { contentDisposition: undefined, contentType: 'application/atom+xml', url }, want: 'response.xml' },
    { name: 'PNG', input: { contentDisposition: undefined, contentType: 'IMAGE/PNG', url }, want: 'response.png' },
    { name: 'an unknown type: the URL', input: { contentDisposition: undefined, contentType: 'application/octet-stream', url }, want: 'archive.tar.gz' },
    { name: 'no type: the URL, percent-decoded', input: { contentDisposition: undefined, contentType: undefined, url: 'http://h/dl/%E2%82%AC%20list' }, want: '€ list' },
    { name: 'a trailing slash: the last non-empty segment', input: { contentDisposition: undefined, contentType: undefined, url: 'http://h/files/report/' }, want: 'report' },
    { name: 'a segment that decodes to a path', input: { contentDisposition: undefined, contentType: undefined, url: 'http://h/a/..%2F..%2Fetc%2Fpasswd' }, want: 'passwd' },
    { name: 'no segment: response.bin', input: { contentDisposition: undefined, contentType: undefined, url: 'http://h/' }, want: 'response.bin' },
  ];
  for (const row of rows) it(`body: ${row.name}`, () => assert.equal(bodyFileNameOf(row.input), row.want));

  const responseRows: { name: string; input: [string, string, string]; want: string }[] = [
    { name: 'a named request', input: ['home page', 'GET', 'http://h/'], want: 'home page.http' },
    { name: 'a request line: the URL segment without its extension', input: ['GET http://h/users/42', 'GET', 'http://h/users/42'], want: '42.http' },
    { name: 'a request line ending in a file', input: ['GET http://h/data.json', 'GET', 'http://h/data.json'], want: 'data.http' },
    { name: 'a request line for /', input: ['GET http://h/', 'GET', 'http://h/'], want: 'response.http' },
    { name: 'a name with a path separator', input: ['a/b', 'POST', 'http://h/'], want: 'b.http' },
  ];
  for (const row of responseRows) it(`response: ${row.name}`, () => assert.equal(responseFileNameOf(...row.input), row.want));

  it('knows no extension for an unknown type', () => {
    assert.equal(extensionOfMimeType('application/x-unknown'), undefined);
    assert.equal(extensionOfMimeType(undefined), undefined);
  });
});
