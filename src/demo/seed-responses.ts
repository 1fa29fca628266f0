/**
 * The three responses of "A typical HTTP session" (../shared/seed), as bytes: header order, case
 * and duplicates as the page prints them. The page elides the 200 and 404 bodies ("here would be
 * the 29769 bytes of the requested page"); we make pages of exactly the declared sizes. The 301's
 * page is the one printed, in ISO-8859-1 (its declared charset): 347 bytes.
 */

const CRLF = '\r\n';

/** An HTML page of exactly `size` bytes, padded with a comment; ASCII only, as no charset is declared. */
function pageOfSize(size: number, title: string, paragraph: string): Buffer {
  const head = `<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<p>${paragraph}</p>\n<!-- `;
  const tail = ` -->\n</body>\n</html>\n`;
  const fill = size - head.length - tail.length;
  if (fill < 0) throw new Error(`page too small for ${size} bytes`);
  const pattern = 'HTTP Wire demo padding. ';
  const padding = pattern.repeat(Math.ceil(fill / pattern.length)).slice(0, fill);
  return Buffer.from(head + padding + tail, 'latin1');
}

function response(headLines: readonly string[], body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(headLines.join(CRLF) + CRLF + CRLF, 'latin1'), body]);
}

export const HOME_BODY = pageOfSize(29769, 'MDN Web Docs', "La page d'accueil, en francais si possible.");

export const MOVED_BODY = Buffer.from(
  [
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">',
    '<html><head>',
    '<title>301 Movido permanentemente</title>',
    '</head><body>',
    '<h1>Movido de forma permanente</h1>',
    '<p>El documento ha sido movido <a href="https://developer.mozilla.org/">aquí</a>.</p>',
    '<hr>',
    '<address>Apache/2.2.3 (Red Hat) Servidor en: developer.mozilla.org Port 80</address>',
    '</body></html>',
    '',
  ].join('\n'),
  'latin1',
);

export const NOT_FOUND_BODY = pageOfSize(10732, 'Page introuvable', 'Cette page n\'existe pas; voici de l\'aide pour trouver ce que vous cherchez.');

export const OK_200 = response(
  [
    'HTTP/1.1 200 OK',
    'Date: Sat, 09 Oct 2010 14:28:02 GMT',
    'Server: Apache',
    'Last-Modified: Tue, 01 Dec 2009 20:18:22 GMT',
    'ETag: "51142bc1-7449-479b075b2891b"',
    'Accept-Ranges: bytes',
    `Content-Length: ${HOME_BODY.length}`,
    'Content-Type: text/html',
  ],
  HOME_BODY,
);

export const MOVED_301 = response(
  [
    'HTTP/1.1 301 Moved Permanently',
    'Server: Apache/2.2.3 (Red Hat)',
    'Content-Type: text/html; charset=iso-8859-1',
    'Date: Sat, 09 Oct 2010 14:30:24 GMT',
    'Location: https://developer.mozilla.org/',
    'Keep-Alive: timeout=15, max=98',
    'Accept-Ranges: bytes',
    'Via: Moz-Cache-zlb05',
    'Connection: Keep-Alive',
    'X-Cache-Info: caching',
    'X-Cache-Info: caching',
    `Content-Length: ${MOVED_BODY.length}`,
  ],
  MOVED_BODY,
);

export const NOT_FOUND_404 = response(
  [
    'HTTP/1.1 404 Not Found',
    'Date: Sat, 09 Oct 2010 14:33:02 GMT',
    'Server: Apache',
    'Last-Modified: Tue, 01 May 2007 14:24:39 GMT',
    'ETag: "499fd34e-29ec-42f695ca96761;48fe7523cfcc1"',
    'Accept-Ranges: bytes',
    `Content-Length: ${NOT_FOUND_BODY.length}`,
    'Content-Type: text/html',
  ],
  NOT_FOUND_BODY,
);
