import type * as XmlDom from '@xmldom/xmldom';
import type { Document as XmlDocument, Node as XmlNode } from '@xmldom/xmldom';
import type * as JsonPathPlus from 'jsonpath-plus';
import type * as XPath from 'xpath';
import { VariableProblem } from '../variables/variable-problem';
import { markedNumber, protectLossyNumbers, restoreNumbers } from './json-big-numbers';

/**
 * The three libraries load on first use, not when the CLI or the extension starts: together
 * ~20 ms of start-up (xmldom 16 ms, jsonpath-plus 3, xpath 3, measured here) that a collection
 * without a JSONPath or XPath reference never needs. The bundle still holds them; only their
 * initialisation waits.
 */
function onFirstUse<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
/* eslint-disable @typescript-eslint/no-require-imports -- require() defers a module's initialisation; import does not. */
const xmlDom = onFirstUse(() => require('@xmldom/xmldom') as typeof XmlDom);
const jsonPath = onFirstUse(() => (require('jsonpath-plus') as typeof JsonPathPlus).JSONPath);
const xpath = onFirstUse(() => require('xpath') as typeof XPath);
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * JSONPath and XPath over a body's text, with REST Client's rules for the result (its
 * `requestVariableCacheValueProcessor`): the first match; a string as it is, anything else
 * (number, boolean, null, object, array) as JSON; an XML element as its inner markup, an
 * attribute or text node as its value. Unlike REST Client, a path that matches nothing is an
 * error, never a warning sent on with the braces.
 */

/** A JSON value: the first match of `path` in `json`. Throws a VariableProblem naming the path when nothing matches. */
export function jsonPathValue(json: unknown, path: string, what: string): string {
  let matches: unknown[];
  try {
    // `eval: 'safe'` (also the default): filters like `?(@.id > 2)` run in jsonpath-plus's own
    // interpreter, never as JavaScript, so a `.http` file cannot run code through a path.
    matches = jsonPath()({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
  } catch (err) {
    throw new VariableProblem(`has no value: the JSONPath ${path} is not valid (${(err as Error).message})`);
  }
  if (!Array.isArray(matches) || matches.length === 0) throw new VariableProblem(`has no value: the JSONPath ${path} matches nothing in ${what}`, undefined, { path });
  return asText(matches[0]);
}

/**
 * A value as a reference puts it in the request: strings unquoted, everything else as JSON, and
 * numbers past 2^53 as the server wrote them (json-big-numbers.ts).
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return markedNumber(value) ?? value;
  return restoreNumbers(JSON.stringify(value) ?? 'null');
}

/** Parses JSON, or throws a VariableProblem saying `what` is not JSON. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(protectLossyNumbers(text)) as unknown;
  } catch (err) {
    throw new VariableProblem(`has no value: ${what} is not JSON (${(err as Error).message})`);
  }
}

/** Parses XML, or throws a VariableProblem saying `what` is not XML. */
export function parseXml(text: string, what: string): XmlDocument {
  let failure: string | undefined;
  let doc: XmlDocument | undefined;
  try {
    doc = new (xmlDom().DOMParser)({
      onError: (level, message) => {
        if (level !== 'warning') failure ??= message;
      },
    }).parseFromString(text, 'text/xml');
  } catch (err) {
    // xmldom throws its ParseError on fatal errors (no root element), after onError.
    failure ??= (err as Error).message;
  }
  if (failure !== undefined || doc?.documentElement == null) throw new VariableProblem(`has no value: ${what} is not XML (${failure ?? 'no root element'})`);
  return doc;
}

/** The first result of `path` in `doc`. Throws a VariableProblem naming the path when nothing matches. */
export function xpathValue(doc: XmlDocument, path: string, what: string): string {
  let result: XPath.SelectReturnType;
  try {
    // xpath types its nodes as the DOM's; core has no DOM lib, and xmldom's nodes are what it walks.
    result = xpath().select(path, doc as never) as XPath.SelectReturnType;
  } catch (err) {
    throw new VariableProblem(`has no value: the XPath ${path} is not valid (${(err as Error).message})`);
  }
  if (!Array.isArray(result)) return String(result);
  const first = result[0] as unknown as XmlNode | undefined;
  if (first === undefined) throw new VariableProblem(`has no value: the XPath ${path} matches nothing in ${what}`, undefined, { path });
  if (first.nodeType === first.DOCUMENT_NODE) return String((first as XmlDocument).documentElement);
  if (first.nodeType === first.ELEMENT_NODE) return Array.from({ length: first.childNodes.length }, (_, i) => String(first.childNodes.item(i))).join('');
  return first.nodeValue ?? '';
}
