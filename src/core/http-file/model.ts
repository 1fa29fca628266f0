/**
 * The document model of a `.http` file. Lines and columns are 0-based, as in the editor API; the
 * CLI adds one when it prints them.
 *
 * HttpFile
 * ├─ requests[]      one per request, in file order, with the line range it owns
 * │  ├─ metadata[]   `# @key value` lines above the request line
 * │  ├─ requestLine  method, target as written, resolved URL, HTTP version
 * │  ├─ headers[]    in order and case as written
 * │  └─ body         parts (inline text, file includes) and the kind chosen for it
 * ├─ variables[]     `@name = value` file variables
 * └─ diagnostics[]   everything malformed, with line and column
 */

import type { DiagnosticCode } from './diagnostic-codes';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Diagnostic {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  /** Stable identifier (see `diagnostic-codes.ts`); quick fixes and tests match on it. */
  readonly code: DiagnosticCode;
  readonly message: string;
  /** Machine-readable detail for quick fixes, e.g. `{ written: 64, actual: 63 }`. */
  readonly data?: Readonly<Record<string, string | number>>;
}

export interface LineRange {
  /** First line owned by the request (its metadata or request line). */
  readonly startLine: number;
  /** Last line owned by the request, blank lines before the next request excluded. */
  readonly endLine: number;
}

export interface Metadata {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface Header {
  readonly name: string;
  readonly value: string;
  readonly line: number;
  /** Where the name starts on its line. */
  readonly nameColumn: number;
  /** Where the value starts on its line (after the colon and spaces). */
  readonly valueColumn: number;
}

export interface RequestLine {
  readonly line: number;
  /** Last line of the request-target, after query continuation lines. */
  readonly endLine: number;
  readonly method: string;
  /** False when the line has no method and GET is implied. */
  readonly isMethodExplicit: boolean;
  /** The request-target as written, continuation lines joined, `{{variables}}` kept. */
  readonly target: string;
  readonly targetColumn: number;
  /** Absolute URL when it can be known without sending (file variables only), else null. */
  readonly url: string | null;
  /** `HTTP/1.1` when the line names none. */
  readonly httpVersion: string;
  readonly isHttpVersionExplicit: boolean;
}

export type BodyKind = 'json' | 'xml' | 'form' | 'graphql' | 'multipart' | 'text';

export type BodyPart =
  | { readonly type: 'text'; readonly text: string; readonly startLine: number; readonly endLine: number }
  | {
      readonly type: 'file';
      readonly path: string;
      /** `<@ path`: `{{variables}}` are substituted in the file's text. */
      readonly substituteVariables: boolean;
      /** `<@latin1 path` names the file's encoding; utf8 otherwise. */
      readonly encoding: string | undefined;
      readonly line: number;
    };

export interface Body {
  readonly kind: BodyKind;
  readonly parts: readonly BodyPart[];
  readonly startLine: number;
  readonly endLine: number;
}

/** A block the file holds that we parse but do not run (scripts, handlers, directives). */
export interface UnsupportedBlock {
  readonly kind: 'script' | 'response-handler' | 'pre-request-script' | 'response-reference' | 'output-redirect' | 'directive' | 'assertion';
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
}

export interface HttpRequest {
  /** Position among the file's requests, from 0. */
  readonly index: number;
  /** `# @name`, else the `###` title, else undefined. */
  readonly name: string | undefined;
  /** Text after the `###` that opened the request, if any. */
  readonly title: string | undefined;
  /** The request's own lines: its `###` line or leading comments, up to its last non-blank line. */
  readonly range: LineRange;
  /** The lines where the cursor selects this request: its whole block, blank lines included. */
  readonly extent: LineRange;
  readonly metadata: readonly Metadata[];
  readonly requestLine: RequestLine;
  readonly headers: readonly Header[];
  readonly body: Body | undefined;
  readonly unsupported: readonly UnsupportedBlock[];
  /** Lines of a pasted response after the request (never sent). */
  readonly pastedResponse: LineRange | undefined;
}

export interface FileVariable {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** `fragment Name on Type { ... }` before a request line, appended to GraphQL queries that spread it. */
export interface GraphqlFragment {
  readonly name: string;
  readonly text: string;
  readonly startLine: number;
  readonly endLine: number;
}

export interface HttpFile {
  readonly requests: readonly HttpRequest[];
  readonly variables: readonly FileVariable[];
  readonly fragments: readonly GraphqlFragment[];
  readonly diagnostics: readonly Diagnostic[];
  readonly lineCount: number;
}
