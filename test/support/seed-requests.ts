/** The form body of "A typical HTTP session": 63 bytes, though the page's Content-Length says 64. */
export const SEED_FORM_BODY = 'name=Juan%20Garcia&request=Envieme%20uno%20de%20sus%20catalogos';

/** The page's two requests, line by line, as its code blocks print them. */
export const SEED_GET_LINES = ['GET / HTTP/1.1', 'Host: developer.mozilla.org', 'Accept-Language: fr'] as const;
export const SEED_POST_LINES = [
  'POST /contact_form.php HTTP/1.1',
  'Host: developer.mozilla.org',
  'Content-Length: 64',
  'Content-Type: application/x-www-form-urlencoded',
  '',
  SEED_FORM_BODY,
] as const;
