import { formatByteSize } from '../response/exchange-summary';
import { firstHeader } from '../response/model';
import { VariableProblem } from '../variables/variable-problem';
import { asText, jsonPathValue, parseJson, parseXml, xpathValue } from './body-query';
import type { ExchangeRecord, ExchangeSide, KeptBody } from './exchange-record';
import { editDistance } from '../edit-distance';

/**
 * The value a reference names in a recorded exchange of request `requestName`.
 *
 * REST Client's paths (`path` after the request's name):
 * - `response.headers.Name`, `request.headers.Name`: the header's first value, name matched
 *   case-insensitively (RFC 9110 §5.1);
 * - `response.body.*` (or `response.body` alone), `request.body.*`: the whole body as text;
 * - `response.body.$.path`: JSONPath, also without its `$.` (`response.body.token`), as
 *   jsonpath-plus reads it; `response.body.//xpath` (any path starting with `/`): XPath.
 * httpYac's: `''` (`{{login}}`) is the whole response body, as JSON when it parses; `token`,
 * `user.id`, `items[0].id` are paths into the parsed JSON response body.
 *
 * Throws a VariableProblem naming what is missing (header, path, body) and the request.
 */
export function referenceValue(record: ExchangeRecord, path: string, requestName: string): string {
  const m = /^(response|request)\.(body|headers)(?:\.([\s\S]*))?$/.exec(path);
  if (m === null) return httpYacValue(record.response.body, path, requestName, answered(record));
  const sideName = m[1] as 'response' | 'request';
  const side: ExchangeSide = record[sideName];
  const selector = m[3]?.trim() ?? '';
  if (m[2] === 'headers') {
    if (selector === '') throw new VariableProblem(`has no value: name the header after "${sideName}.headers." (${sideName}.headers.Content-Type)`);
    const value = firstHeader(side.headers, selector);
    if (value === undefined) throw new VariableProblem(`has no value: the ${sideName} of request "${requestName}" has no header ${selector}`, undefined, { header: selector });
    return value;
  }
  const what = `the ${sideName} body of request "${requestName}"${sideName === 'response' ? answered(record) : ''}`;
  const text = bodyText(side.body, what);
  if (selector === '' || selector === '*') return text;
  if (selector.startsWith('$')) return jsonPathValue(side.body.parsedAs('json', text, (t) => parseJson(t, what)), selector, what);
  if (selector.startsWith('/')) return xpathValue(side.body.parsedAs('xml', text, (t) => parseXml(t, what)), selector, what);
  // `response.body.token`: REST Client hands the path to jsonpath-plus, which reads it from the root.
  return jsonPathValue(side.body.parsedAs('json', text, (t) => parseJson(t, what)), fromRoot(selector), what);
}

/** `token`, `user.id`, `items[0].id`, `[0].id` as a JSONPath from the root. */
function fromRoot(path: string): string {
  return path.startsWith('[') ? `$${path}` : `$.${path}`;
}

/**
 * An error status, said beside the body a reference reads: a login that answered 401 has an
 * error page or `{"error": ...}` where the token was looked for, and that is the cause to see.
 */
function answered(record: ExchangeRecord): string {
  return record.status >= 400 ? ` (an HTTP ${record.status} answer)` : '';
}

/** httpYac: the request's name stands for its parsed response body. */
function httpYacValue(body: KeptBody, path: string, requestName: string, status: string): string {
  const what = `the response body of request "${requestName}"${status}`;
  const text = bodyText(body, what);
  if (path === '') {
    // A body that is not JSON is the text itself, as in httpYac.
    try {
      return asText(body.parsedAs('json', text, (t) => parseJson(t, what)));
    } catch {
      return text;
    }
  }
  try {
    const json = body.parsedAs('json', text, (t) => parseJson(t, what));
    // `user.id`, `items[0].id`, `items.0.id`: a JSONPath from the root, which is what httpYac's
    // JavaScript expression `login.user.id` reads.
    return jsonPathValue(json, fromRoot(path), what);
  } catch (err) {
    throw withTypoHint(err, path, requestName);
  }
}

/**
 * `login.respons.body.$.token` reads as httpYac's path `respons.body...` into the JSON body, and
 * fails as such: when its first word is one letter or two from `response` or `request`, the
 * problem says which was likely meant.
 */
function withTypoHint(err: unknown, path: string, requestName: string): unknown {
  const first = /^([A-Za-z]+)\.(?:body|headers)\b/.exec(path)?.[1];
  if (!(err instanceof VariableProblem) || first === undefined) return err;
  const meant = ['response', 'request'].find((word) => word !== first && editDistance(first.toLowerCase(), word, 2) <= 2);
  if (meant === undefined) return err;
  return new VariableProblem(`${err.reason} (did you mean ${requestName}.${meant}${path.slice(first.length)}?)`, err.code, err.detail);
}

function bodyText(body: KeptBody, what: string): string {
  const text = body.textOrUndefined();
  if (text === undefined) {
    throw new VariableProblem(`has no value: ${what} is ${formatByteSize(body.length)}, over the ${formatByteSize(body.limitBytes)} kept for references`, undefined, { bodyBytes: body.length });
  }
  return text;
}
