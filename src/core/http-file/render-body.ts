import { encodeGraphql } from './graphql';
import type { Body, GraphqlFragment } from './model';

/** The body's inline parts joined, or undefined when it includes a file. */
export function inlineText(body: Body): string | undefined {
  let text = '';
  for (const part of body.parts) {
    if (part.type !== 'text') return undefined;
    text += part.text;
  }
  return text;
}

/**
 * The body as it goes on the wire when it is all inline text, or undefined when it includes files
 * (those are streamed when sending). `{{variables}}` are left as written. GraphQL bodies become
 * their JSON encoding; throws a SyntaxError when GraphQL variables are not JSON.
 */
export function renderInlineBody(body: Body, fragments: readonly GraphqlFragment[]): string | undefined {
  const text = inlineText(body);
  if (text === undefined) return undefined;
  return body.kind === 'graphql' ? encodeGraphql(text, fragments) : text;
}
