import type { ExchangeStore } from '../core/chaining/exchange-store';
import { planSends } from '../core/chaining/send-plan';
import { HttpWireError } from '../core/errors';
import type { HttpFile, HttpRequest } from '../core/http-file/model';
import type { SecretMasker } from '../core/secret-masker';
import { SECRET_MASK } from '../core/secret-masker';
import { codeSpan, escapeMarkdown } from './hover-markdown';

/**
 * Where a `{{name}}`'s value comes from, as the hover says it (variable-hover.ts fills it in).
 * Lines are the document's (0-based): in Markdown, not the ```http block's own.
 */
export type VariableSourceText =
  | { readonly kind: 'file'; readonly name: string; readonly line: number }
  | { readonly kind: 'prompt'; readonly line: number; readonly description: string | undefined }
  | { readonly kind: 'request'; readonly name: string; readonly line: number; readonly answer: RequestAnswer }
  | { readonly kind: 'environment'; readonly section: string; readonly place: string }
  | { readonly kind: 'no-environment-value'; readonly environment: string | undefined }
  | { readonly kind: 'system'; readonly usage: string; readonly description: string; readonly dialect: string };

/**
 * What Send Request does about the request a `{{login.response...}}` reads, in the environment in
 * use (each environment keeps its own answers): the chain runner's plan (core planSends).
 */
export type RequestAnswer =
  /** No answer yet: Send Request sends that request first, then reads the value from its answer. */
  | { readonly kind: 'sent-first'; readonly environment: string | undefined }
  /** `# @forceRef`: sent again first on every send, the value read from the new answer. */
  | { readonly kind: 'sent-again'; readonly environment: string | undefined }
  /** An answer is kept: Send Request reads it and does not send the request again. */
  | { readonly kind: 'answered'; readonly status: number; readonly environment: string | undefined }
  /** No answer, and Send Request cannot send the request first (the value says why: a cycle). */
  | { readonly kind: 'none'; readonly environment: string | undefined };

/**
 * The value the send path gives, or why it gives none: `problem` as the end of a sentence about the
 * reference, in the resolver's words ("has no value: the JSONPath $.token matches nothing in the
 * response body of request "login"", as the CLI prints it after the expression); `error` for a
 * failure of anything else on the way (the environments, another variable the value uses).
 */
export type HoverValue = { readonly value: string; readonly isSecret: boolean } | { readonly problem: string } | { readonly error: string } | undefined;

/**
 * The hover on a `{{...}}` as Markdown lines: the expression and its value, then where it comes
 * from. A secret's value (the private env file, a secret-looking name) shows as `***` whole; any
 * other value and every error pass through `masker`, which knows the environment's secrets, so a
 * file variable built from a token masks it too. Everything taken from files is in code spans or
 * escaped.
 */
export function variableHoverMarkdown(expression: string, value: HoverValue, source: VariableSourceText, masker: SecretMasker): string[] {
  const head = `**${codeSpan(`{{${expression}}}`)}**`;
  const lines: string[] = [];
  if (value === undefined) lines.push(head);
  else if ('problem' in value) lines.push(`${head} ${escapeMarkdown(sentence(masker.maskText(value.problem)))}`);
  else if ('error' in value) lines.push(`${head} has no value here: ${escapeMarkdown(masker.maskText(value.error))}`);
  else lines.push(`${head} = ${codeSpan(value.isSecret ? SECRET_MASK : masker.maskText(value.value))}`);
  lines.push('', sourceLine(source, value));
  return lines;
}

function sourceLine(source: VariableSourceText, value: HoverValue): string {
  switch (source.kind) {
    case 'file':
      return `File variable ${codeSpan(`@${source.name}`)}, line ${source.line + 1}.`;
    case 'prompt':
      return `Prompt of this request (line ${source.line + 1}), asked when it is sent${source.description !== undefined ? `: ${escapeMarkdown(source.description)}` : ''}.`;
    case 'request':
      return requestLine(source, value);
    case 'environment':
      return `Environment ${codeSpan(source.section)}, in ${codeSpan(source.place)}.`;
    case 'no-environment-value':
      return source.environment === undefined ? 'No environment is chosen: only `$shared` variables apply.' : `Not a variable of environment ${codeSpan(source.environment)}.`;
    case 'system':
      return `System variable (${escapeMarkdown(source.dialect)}): ${codeSpan(source.usage)}, ${escapeMarkdown(source.description)}.`;
  }
}

/** What Send Request does for a reference to request `name`, in the chain runner's terms. */
function requestLine(source: Extract<VariableSourceText, { kind: 'request' }>, value: HoverValue): string {
  const request = `request ${codeSpan(source.name)} (line ${source.line + 1})`;
  const { answer } = source;
  const where = answer.environment === undefined ? 'in this session' : `in environment ${codeSpan(answer.environment)}`;
  switch (answer.kind) {
    case 'sent-first':
      return `Sent first: ${request} has no answer yet ${where}, so Send Request sends it before this request and reads the value from its answer.`;
    case 'sent-again':
      return `Sent again first (\`# @forceRef\`): Send Request sends ${request} again on every send and reads the value from its new answer.`;
    case 'none':
      return `${capitalized(request)} has no answer yet ${where}.`;
    case 'answered': {
      const got = `the answer ${request} got ${where} (HTTP ${answer.status})`;
      if (value !== undefined && 'value' in value) return `From ${got}: Send Request uses it and does not send ${codeSpan(source.name)} again.`;
      // The kept answer has nothing there (no match, no such header, not JSON): a send stops at this
      // reference before a byte is written, since a request already answered is not sent again.
      return `Send Request reads ${got} and does not send it again, so it would stop here: fix the path, or send ${codeSpan(source.name)} again for a new answer.`;
    }
  }
}

/** The `where` the hover gives the resolver, for its messages; cut out of them again (hoverValueOfError). */
export const HOVER_SITE = 'hover';

/**
 * The resolver's message as the hover says it, after the expression it heads. The resolver writes
 * `{{x}} in the hover (line 6) has no value: ...; nothing was sent.` for the hover's own reference
 * (the "where" is ours, and nothing is being sent: the hover says what a send would do instead),
 * and `{{y}} in the value of @x (line 2), used in the hover (line 6), has no value: ...` for a
 * variable its value uses. `reference.line` is the line the hover gave the resolver.
 */
export function hoverValueOfError(message: string, reference: { readonly expression: string; readonly line: number }): HoverValue {
  const site = ` in the ${HOVER_SITE} (line ${reference.line + 1})`;
  const text = message.replace(`, used${site},`, '').replace(site, '').replace(/; nothing was sent\.$/, '');
  const own = `{{${reference.expression}}} `;
  return text.startsWith(own) ? { problem: text.slice(own.length) } : { error: text };
}

/** What Send Request does about a referenced request; `refusal`: why it would send nothing at all. */
export interface ReferencePlan {
  readonly answer: RequestAnswer;
  readonly refusal?: string;
}

/**
 * What Send Request does about `target`, the request a reference reads, when it sends `request`
 * (the one holding the reference; none for a file variable's value, read by the requests that use
 * it): the chain runner's plan (planSends) on `exchanges`, the answers kept for the environment in
 * use (`environment`, whose variable names are `names`). Nothing is sent.
 */
export function planOfReference(file: HttpFile, request: HttpRequest | undefined, target: HttpRequest, exchanges: ExchangeStore | undefined, names: ReadonlyMap<string, string> | undefined, environment: string | undefined): ReferencePlan {
  const kept = target.name === undefined ? undefined : exchanges?.get(target.name);
  let isPlanned = false;
  if (request !== undefined) {
    try {
      isPlanned = planSends(file, request, (name) => exchanges?.has(name) ?? false, names).some((s) => !s.isTarget && s.request === target);
    } catch (err) {
      if (!(err instanceof HttpWireError)) throw err;
      // A cycle (a request reading its own answer before it has one): the send refuses it so.
      if (kept === undefined) return { answer: { kind: 'none', environment }, refusal: err.message.replace(/; nothing was sent\.$/, '.') };
    }
  }
  if (kept === undefined) return { answer: { kind: 'sent-first', environment } };
  // Planned although answered: `# @forceRef` sends it again.
  return { answer: isPlanned ? { kind: 'sent-again', environment } : { kind: 'answered', status: kept.status, environment } };
}

/** A reason as the end of a sentence: ends with a full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
