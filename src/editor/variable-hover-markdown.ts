import type { SecretMasker } from '../core/secret-masker';
import { SECRET_MASK } from '../core/secret-masker';
import { codeSpan, escapeMarkdown } from './hover-markdown';

/** Where a `{{name}}`'s value comes from, as the hover says it (variable-hover.ts fills it in). */
export type VariableSourceText =
  | { readonly kind: 'file'; readonly name: string; readonly line: number }
  | { readonly kind: 'prompt'; readonly line: number; readonly description: string | undefined }
  | { readonly kind: 'request'; readonly name: string; readonly line: number }
  | { readonly kind: 'environment'; readonly section: string; readonly place: string }
  | { readonly kind: 'no-environment-value'; readonly environment: string | undefined }
  | { readonly kind: 'system'; readonly usage: string; readonly description: string; readonly dialect: string };

/** The value the send path gives, or why it gives none. */
export type HoverValue = { readonly value: string; readonly isSecret: boolean } | { readonly error: string } | undefined;

/**
 * The hover on a `{{...}}` as Markdown lines: the expression and its value, then where it comes
 * from. A secret's value (the private env file, a secret-looking name) shows as `***` whole; any
 * other value and every error pass through `masker`, which knows the environment's secrets, so a
 * file variable built from a token masks it too. Everything taken from files is in code spans or
 * escaped.
 */
export function variableHoverMarkdown(expression: string, value: HoverValue, source: VariableSourceText, masker: SecretMasker): string[] {
  const head = codeSpan(`{{${expression}}}`);
  const lines: string[] = [];
  if (value === undefined) lines.push(`**${head}**`);
  else if ('error' in value) lines.push(`**${head}** has no value here: ${escapeMarkdown(masker.maskText(value.error))}`);
  else lines.push(`**${head}** = ${codeSpan(value.isSecret ? SECRET_MASK : masker.maskText(value.value))}`);
  lines.push('', sourceLine(source));
  return lines;
}

function sourceLine(source: VariableSourceText): string {
  switch (source.kind) {
    case 'file':
      return `File variable ${codeSpan(`@${source.name}`)}, line ${source.line + 1}.`;
    case 'prompt':
      return `Prompt of this request (line ${source.line + 1}), asked when it is sent${source.description !== undefined ? `: ${escapeMarkdown(source.description)}` : ''}.`;
    case 'request':
      return `Request ${codeSpan(source.name)} (line ${source.line + 1}): its exchange, once it has been sent in this session.`;
    case 'environment':
      return `Environment ${codeSpan(source.section)}, in ${codeSpan(source.place)}.`;
    case 'no-environment-value':
      return source.environment === undefined ? 'No environment is chosen: only `$shared` variables apply.' : `Not a variable of environment ${codeSpan(source.environment)}.`;
    case 'system':
      return `System variable (${escapeMarkdown(source.dialect)}): ${codeSpan(source.usage)}, ${escapeMarkdown(source.description)}.`;
  }
}
