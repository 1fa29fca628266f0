import type { GraphqlFragment } from './model';

const SPREAD = /\.\.\.\s*([_A-Za-z]\w*)/g;
const DEFINED = /\bfragment\s+([_A-Za-z]\w*)\s+on\b/g;

/** Names spread in `text` (`...Name`), not counting inline fragments (`... on Type`). */
function spreads(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(SPREAD)) if (m[1] !== 'on') names.push(m[1]!);
  return names;
}

/**
 * Appends the file's fragments that `query` spreads, and the fragments those spread in turn,
 * unless the query defines them itself.
 */
function appendFragments(query: string, fragments: readonly GraphqlFragment[]): string {
  if (fragments.length === 0) return query;
  const byName = new Map(fragments.map((f) => [f.name, f]));
  const defined = new Set<string>();
  for (const m of query.matchAll(DEFINED)) defined.add(m[1]!);
  const added: string[] = [];
  const queue = spreads(query);
  while (queue.length > 0) {
    const name = queue.shift()!;
    const fragment = byName.get(name);
    if (fragment === undefined || defined.has(name)) continue;
    defined.add(name);
    added.push(fragment.text);
    queue.push(...spreads(fragment.text));
  }
  return added.length === 0 ? query : `${query}\n\n${added.join('\n\n')}`;
}

/** Where the query ends and the variables begin: the first blank line. */
export function splitGraphql(text: string): { query: string; variables: string | undefined } {
  const m = /\r?\n[ \t]*\r?\n/.exec(text);
  if (!m) return { query: text.trim(), variables: undefined };
  const variables = text.slice(m.index + m[0].length).trim();
  return { query: text.slice(0, m.index).trim(), variables: variables === '' ? undefined : variables };
}

/**
 * The standard GraphQL-over-HTTP JSON body, `{"query": ..., "variables": ...}`.
 * Throws a SyntaxError when the variables are not JSON.
 */
export function encodeGraphql(text: string, fragments: readonly GraphqlFragment[]): string {
  const { query, variables } = splitGraphql(text);
  const payload: { query: string; variables?: unknown } = { query: appendFragments(query, fragments) };
  if (variables !== undefined) payload.variables = JSON.parse(variables);
  return JSON.stringify(payload);
}
