import type { ExchangeStore } from '../core/chaining/exchange-store';
import { planSends } from '../core/chaining/send-plan';
import { ErrorCodes, HttpWireError } from '../core/errors';
import type { HttpFile, HttpRequest } from '../core/http-file/model';
import { requestLabelOf } from '../core/send/send-context';
import type { SecretMasker } from '../core/secret-masker';
import { bodyLength, type HeaderChange, type WireRequest } from '../core/wire/wire-request';
import { HoverTexts } from './user-messages';

/**
 * The hover on a request line as Markdown lines, from what the real send path prepared
 * (`prepareSend`): the URL and request line as they go out, the body's size, and each header HTTP
 * Wire adds, changes or removes with its reason. No `vscode` here, so it is tested in plain Node;
 * src/editor/hover.ts wraps the lines in a `MarkdownString`.
 *
 * Everything taken from the request passes through `masker` (a URL's password, credential headers)
 * and into code spans, so a `*` or `<` in a URL or header is shown, never rendered.
 */
export function hoverMarkdown(wire: WireRequest, masker: SecretMasker): string[] {
  masker.addUrlCredentials(wire.url);
  const lines = [
    `**${HoverTexts.sends}** ${codeSpan(masker.maskText(`${wire.method} ${wire.url.href}`))}`,
    '',
    `${HoverTexts.requestLine} ${codeSpan(masker.maskText(`${wire.method} ${wire.target} ${wire.httpVersion}`))}`,
  ];
  if (wire.body.length > 0) lines.push('', HoverTexts.body(bodyLength(wire.body)));
  lines.push('');
  if (wire.changes.length === 0) {
    lines.push(HoverTexts.noChanges);
    return lines;
  }
  lines.push(HoverTexts.changesHeading, '');
  for (const change of wire.changes) lines.push(`- ${changeLine(change, masker)}`);
  return lines;
}

/** The hover of a request that would be refused before a byte is written. */
export function hoverMarkdownForError(err: HttpWireError, masker: SecretMasker): string[] {
  return [escapeMarkdown(HoverTexts.notSent(masker.maskText(err.message), err.code))];
}

/** A request Send Request sends before the one hovered, whose answer that one reads (core planSends). */
export interface SentFirst {
  readonly name: string;
  /** It has an answer, and `# @forceRef` sends it again all the same. */
  readonly isAgain: boolean;
}

/**
 * The first line of the hover of a request whose references read answers it has not had yet:
 * what Send Request sends before it, as the chain runner plans it. `environment` is the one in
 * use: answers are kept per environment.
 */
export function sentFirstMarkdown(first: readonly SentFirst[], environment: string | undefined): string {
  const where = environment === undefined ? 'in this session' : `in environment ${codeSpan(environment)}`;
  const names = first.map((r) => `${codeSpan(r.name)} (${r.isAgain ? 'again, `# @forceRef`' : `no answer yet ${where}`})`);
  return `**Sent first:** ${names.join(', ')}; then this request, with the values read from ${first.length === 1 ? 'its answer' : 'their answers'}.`;
}

/**
 * The requests Send Request would send before `request`, as sendChain plans them: those whose
 * answer it reads and that have none in `requests` yet, and `# @forceRef` ones. Throws the plan's
 * HttpWireError (a cycle, a name no request has), which the send would report.
 */
export function sentFirst(file: HttpFile, request: HttpRequest, requests: ExchangeStore | undefined, environment: ReadonlyMap<string, string> | undefined): SentFirst[] {
  const steps = planSends(file, request, (name) => requests?.has(name) ?? false, environment);
  return steps.filter((s) => !s.isTarget).map((s) => ({ name: requestLabelOf(s.request), isAgain: s.request.name !== undefined && requests?.has(s.request.name) === true }));
}

/** Whether `err` is the store's "not sent in this session" for one of the requests sent first. */
export function isWaitingFor(first: readonly SentFirst[], err: unknown): boolean {
  if (!(err instanceof HttpWireError) || err.code !== ErrorCodes.unresolvedVariable) return false;
  const name = err.detail['request'];
  return first.some((r) => !r.isAgain && r.name === name);
}

/** Said instead of the request's preview while it reads values of answers still to come. */
export function waitingForAnswersMarkdown(first: readonly SentFirst[]): string {
  const names = first.map((r) => codeSpan(r.name)).join(', ');
  return `What this request puts on the wire is known once ${names} ${first.length === 1 ? 'has' : 'have'} answered.`;
}

/** `adds Host: a.example — reason`, `sets Content-Length: 64 → 63 — reason`, `removes ...`. */
function changeLine(change: HeaderChange, masker: SecretMasker): string {
  const header = (value: string | undefined): string => codeSpan(`${change.name}: ${masked(change.name, value ?? '', masker)}`);
  const reason = escapeMarkdown(change.reason);
  switch (change.action) {
    case 'added':
      return `${HoverTexts.added} ${header(change.to)} — ${reason}`;
    case 'changed':
      return `${HoverTexts.changed} ${header(change.from)} → ${codeSpan(masked(change.name, change.to ?? '', masker))} — ${reason}`;
    case 'removed':
      return `${HoverTexts.removed} ${header(change.from)} — ${reason}`;
  }
}

function masked(name: string, value: string, masker: SecretMasker): string {
  return masker.maskHeaders([[name, value]])[0]![1];
}

/**
 * `text` as a Markdown code span (CommonMark §6.1): fenced by more backticks than its longest run,
 * padded when it starts or ends with one. Line breaks, which a header cannot hold on the wire,
 * show as ␍ and ␊ rather than ending the span.
 */
export function codeSpan(text: string): string {
  const shown = text.replace(/\r/g, '\u240d').replace(/\n/g, '\u240a');
  const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** Backslash-escapes CommonMark's punctuation (§2.4), so a reason or message renders as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
