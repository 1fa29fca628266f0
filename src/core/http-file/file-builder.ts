import { checkDuplicateName, checkVariables, isOtherProtocol } from './checks';
import { DiagnosticCodes } from './diagnostic-codes';
import { compareDiagnostics, type DiagnosticSink } from './diagnostics';
import { VariableExpander } from './file-variables';
import type { LineReader } from './line-reader';
import { lineHas } from './lines';
import type { FileVariable, GraphqlFragment, HttpFile, HttpRequest } from './model';
import type { RequestBuilder } from './request-builder';
import type { ParsedRequestLine } from './request-line';
import { rememberLines } from './reference-index';
import { resolveUrl } from './resolve-url';

/** For re-parsing one region of a file: what the rest of the file defines, and where it starts. */
export interface RegionContext {
  /** File variables defined outside the region (they apply inside it too). */
  readonly variables?: readonly FileVariable[];
  readonly fragments?: readonly GraphqlFragment[];
  /** Index of the region's first request among the file's requests. */
  readonly indexOffset?: number;
  /**
   * The region's first line: the lines above it are empty padding that gives the region the
   * document's line numbers (a `###` block in reparse.ts, a Markdown ```http block in the
   * editor), not read.
   */
  readonly firstLine?: number;
}

/**
 * What the parser has read of the file: its requests, file variables and GraphQL fragments, as
 * they come. `build` does what needs the whole file read: file variables apply to every request,
 * even to those above their definition, so URLs are resolved then; a GraphQL body may spread
 * fragments defined below it. (A request name used again is found as each request comes: the
 * names above it are all known then.)
 */
export class FileBuilder {
  readonly variables: FileVariable[] = [];
  readonly fragments: GraphqlFragment[] = [];
  private readonly requests: HttpRequest[] = [];
  /** Per request, its Host header's value. */
  private readonly hosts: Array<string | undefined> = [];
  /** Requests whose checks wait for the whole file (GraphQL bodies with a Content-Length). */
  private readonly deferred: RequestBuilder[] = [];
  /** The names of the requests so far: a name used again is checked as its request is built, while it is at hand. */
  private readonly names = new Set<string>();

  constructor(
    private readonly lines: LineReader,
    private readonly sink: DiagnosticSink,
    private readonly context: RegionContext,
  ) {}

  /** The request `builder` has read, up to the line before `next`; checked now or once the file is read. */
  addRequest(builder: RequestBuilder, next: number): void {
    const request = builder.build(next, (this.context.indexOffset ?? 0) + this.requests.length);
    this.requests.push(request);
    checkDuplicateName(this.names, request, this.sink);
    this.hosts.push(builder.host);
    if (builder.isCheckDeferred) this.deferred.push(builder);
    else builder.check(this.fragments);
  }

  /** The parsed file, its diagnostics in their canonical order. */
  build(): HttpFile {
    const { lines, sink, requests, variables, context } = this;
    this.reportNul();
    checkVariables(variables, sink);
    const outside = context.variables ?? [];
    const expander = new VariableExpander(new Map([...outside, ...variables].map((v) => [v.name, v.value])));
    // A URL resolved depends on its target, its Host and the file's variables alone: a request
    // that repeats the one before (calls to one endpoint, a GraphQL API's every request) takes its
    // answer. Only an answer: a failure is reported at each request's own line.
    let previous: { readonly target: string; readonly host: string | undefined; readonly url: string } | undefined;
    for (let k = 0; k < requests.length; k++) {
      // The request line the parser made: its URL is the one part set after the request is built.
      const rl = requests[k]!.requestLine as ParsedRequestLine;
      const host = this.hosts[k];
      if (isOtherProtocol(rl.method, rl.line, sink)) rl.url = null;
      else if (previous !== undefined && previous.target === rl.target && previous.host === host) rl.url = previous.url;
      else {
        rl.url = resolveUrl({ target: rl.target, host, fileVariables: expander, line: rl.line, column: rl.targetColumn }, sink);
        previous = rl.url === null ? undefined : { target: rl.target, host, url: rl.url };
      }
    }
    const fragments = context.fragments ? [...context.fragments, ...this.fragments] : this.fragments;
    for (const builder of this.deferred) builder.check(fragments);
    const file: HttpFile = { requests, variables, fragments: this.fragments, diagnostics: sink.items.sort(compareDiagnostics), lineCount: lines.count };
    rememberLines(file, lines.split);
    return file;
  }

  private reportNul(): void {
    const { text, starts, ends, count } = this.lines;
    if (!text.includes('\0')) return;
    for (let k = 0; k < count; k++) {
      if (!lineHas(text, starts[k]!, ends[k]!, 0)) continue;
      const at = text.indexOf('\0', starts[k]!) - starts[k]!;
      this.sink.add('warning', DiagnosticCodes.nulCharacter, 'This line contains a NUL character; is this a binary file?', k, at, at + 1);
    }
  }
}
