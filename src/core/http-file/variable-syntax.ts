/**
 * The syntax of `{{...}}`, shared by the parser's reference index and by resolution, so the two
 * always read the same text the same way.
 */

/** Where one `{{...}}` stands in a string: `open` is the offset of `{{`, `close` that of `}}`. */
export interface VariableSpan {
  open: number;
  close: number;
}

/**
 * Finds the next `{{...}}` in `text` from offset `from` and writes its offsets into `span` (a
 * scratch object: no allocation per occurrence on the parse's hot path). `{{{x}}` is read as `{`
 * then `{{x}}`: the variable is the innermost pair, as the highlighting grammar reads it. A `{{`
 * with no `}}` after it is text. Returns false when there is none.
 */
export function findVariable(text: string, from: number, span: VariableSpan): boolean {
  let open = text.indexOf('{{', from);
  while (open !== -1) {
    const close = text.indexOf('}}', open + 2);
    if (close === -1) return false;
    const inner = text.indexOf('{', open + 2);
    if (inner === -1 || inner >= close) {
      span.open = open;
      span.close = close;
      return true;
    }
    open = text.indexOf('{{', open + 1);
  }
  return false;
}

/** What a `{{...}}` holds, read from its text alone (which request or variable exists is not known here). */
export interface VariableExpression {
  /** What stands between the braces, trimmed: `$randomInt 1 10`, `%name`, `login.response.body.$.id`. */
  readonly expression: string;
  /** `{{%name}}`: the value is percent-encoded (REST Client). */
  readonly isEncoded: boolean;
  /** The expression without its `%`. */
  readonly body: string;
  /** A system variable (`$guid`, `$random.integer(1, 5)`): its name up to the first space or `(`. */
  readonly systemName: string | undefined;
  /** Before the first `.`: a request's name when the expression is a request reference. */
  readonly head: string;
  /** After the first `.`, or undefined without one. */
  readonly path: string | undefined;
}

/** Reads the text between `{{` and `}}`. */
export function readExpression(inner: string): VariableExpression {
  const expression = inner.trim();
  const isEncoded = expression.startsWith('%');
  const body = isEncoded ? expression.slice(1).trim() : expression;
  if (body.startsWith('$')) {
    const m = /^\$[^\s(]*/.exec(body)!;
    return { expression, isEncoded, body, systemName: m[0], head: body, path: undefined };
  }
  const dot = body.indexOf('.');
  return { expression, isEncoded, body, systemName: undefined, head: dot === -1 ? body : body.slice(0, dot), path: dot === -1 ? undefined : body.slice(dot + 1) };
}

/**
 * REST Client's request variables: `name.response.body...`, `name.response.headers.X`,
 * `name.request.body...`, `name.request.headers.X`. Any other path after a request's name is
 * httpYac's `{{name.field}}`, a path into the named response's parsed body.
 */
export function isRestClientReferencePath(path: string): boolean {
  return /^(?:response|request)\.(?:body|headers)(?:\.|$)/.test(path);
}

/** `# @prompt name description`: the prompt's variable name and its description, if any. */
export function readPrompt(value: string): { readonly name: string; readonly description: string | undefined } | undefined {
  const m = /^([A-Za-z_][\w.-]*)(?:\s+(.*))?$/.exec(value.trim());
  if (!m) return undefined;
  const description = m[2]?.trim();
  return { name: m[1]!, description: description === '' ? undefined : description };
}
