import { editDistance } from '../edit-distance';
import { matchMetadata } from './line-kinds';
import type { HttpRequest } from './model';

/**
 * A `# @key value` line that HTTP Wire acts on. `value` is the syntax shown in help: upper-case
 * words are what the user fills in, `[...]` parts are optional; undefined for a flag.
 */
export interface MetadataKey {
  readonly key: string;
  /** One line: what the key does. */
  readonly description: string;
  readonly value: string | undefined;
  /** Written more than once on one request, each line counting (a prompt per variable, a ref per request). */
  readonly isRepeatable: boolean;
}

/**
 * The metadata keys HTTP Wire acts on, the most used first (editor completion offers them in this
 * order). Who reads each: `name` request-builder.ts; `note` editor/prompt-questions.ts; `prompt`
 * variables/variable-lookup.ts; `timeout`, `no-redirect`, `no-cookie-jar`,
 * `no-reject-unauthorized`, `max-body` send/send-options-for.ts; `ref`, `forceRef`
 * chaining/dependencies.ts; `sleep` send/prepare-send.ts; `verbatim` send/prepare-request.ts; the
 * values of `name`, `timeout`, `sleep` and `prompt` are checked in checks.ts. A unit test
 * (test/unit/editor/metadata-completion.test.ts) finds every key those files compare with and
 * fails when one is missing here. Other keys (REST Client's `no-log`, httpYac's `title`) are kept
 * and shown but do nothing; httpYac's `import` gets a "not supported yet" warning; none is listed
 * here. A key two letters or fewer from one of these is warned about as a typo (suggestMetadataKey).
 */
export const METADATA_KEYS: readonly MetadataKey[] = [
  { key: 'name', description: 'Names the request, for {{name.response...}} references and # @ref.', value: 'NAME', isRepeatable: false },
  { key: 'note', description: 'Asks for confirmation before sending; the text is shown in the question.', value: '[MESSAGE]', isRepeatable: false },
  { key: 'prompt', description: 'Asks for the value of {{VAR}} before sending (input hidden when the name says pass, secret or token).', value: 'VAR [DESCRIPTION]', isRepeatable: true },
  { key: 'timeout', description: 'Waits at most this many milliseconds for the response headers, then between body chunks.', value: 'MS', isRepeatable: false },
  { key: 'no-redirect', description: 'Shows a 3xx response instead of following its Location.', value: undefined, isRepeatable: false },
  { key: 'no-cookie-jar', description: 'Neither sends the cookie jar\'s cookies nor keeps the cookies this response sets.', value: undefined, isRepeatable: false },
  { key: 'no-reject-unauthorized', description: 'Accepts the server\'s TLS certificate without verifying it (only for a server you trust).', value: undefined, isRepeatable: false },
  { key: 'ref', description: 'Sends the named request first unless it was already sent this session (httpYac).', value: 'NAME', isRepeatable: true },
  { key: 'forceRef', description: 'Sends the named request first, every time (httpYac).', value: 'NAME', isRepeatable: true },
  { key: 'sleep', description: 'Waits this many milliseconds before sending (httpYac).', value: 'MS', isRepeatable: false },
  { key: 'verbatim', description: 'Sends the bytes as written: no added headers, no corrected Content-Length.', value: undefined, isRepeatable: false },
  { key: 'max-body', description: 'Fails the send when the response body (received or decoded) is larger than this many bytes.', value: 'BYTES', isRepeatable: false },
];

/**
 * Keys other tools act on that HTTP Wire keeps but ignores, as their users write them, and the
 * tags of documentation comments written above a request (JSDoc's `@see`). A file written for
 * another tool must open without a warning, so none of these is taken for a misspelling of ours,
 * however close (httpYac's `save` is two letters from `name`). Matched case-insensitively.
 * Deliberately absent: httpYac's camelCase spellings of our keys (`noRedirect`,
 * `noRejectUnauthorized`, `noCookieJar`), which httpYac acts on and HTTP Wire ignores, so that the
 * typo warning names the spelling HTTP Wire reads.
 */
export const OTHER_TOOLS_METADATA_KEYS: readonly string[] = [
  // JetBrains HTTP Client (its `name`, `no-redirect`, `no-cookie-jar` and `timeout` are ours).
  'no-log', 'no-auto-encoding', 'use-os-credentials', 'connection-timeout',
  // httpYac (parserUtils.ts `knownMetaData` and its metaData handlers); `import` is warned about in checks.ts.
  'title', 'description', 'import', 'disabled', 'jwt', 'loop', 'keepStreaming', 'injectVariables', 'language',
  'save', 'openWith', 'extension', 'ratelimit', 'responseRef', 'proxy', 'no-proxy', 'no-client-cert', 'noClientCert',
  'no-response-view', 'noResponseView', 'noStreamingLog', 'noLog', 'debug', 'verbose', 'grpc-reflection',
  'forceRegionDelimiter',
  // Documentation comments.
  'see',
];

const KNOWN_KEYS: ReadonlySet<string> = new Set(METADATA_KEYS.map((k) => k.key));
const OTHER_KEYS: ReadonlySet<string> = new Set(OTHER_TOOLS_METADATA_KEYS.map((k) => k.toLowerCase()));
const KEYS_LOWER_CASE = METADATA_KEYS.map((k) => k.key.toLowerCase());
/** A larger distance would take too many keys of other tools and comments for ours. */
const MAX_TYPO_DISTANCE = 2;
/**
 * Suggestions worked out, by lower-case key: a file repeats its unknown keys request after request,
 * and the parse of a 5,000-request file has 25 ms in all. Emptied when full, as keys typed in the
 * editor keep coming.
 */
const suggestions = new Map<string, string | undefined>();
const MAX_SUGGESTIONS = 1000;

/**
 * The key HTTP Wire acts on that `key` most likely misspells (`no-redirct` → `no-redirect`,
 * `timout` → `timeout`), or undefined: for one of ours, one of OTHER_TOOLS_METADATA_KEYS, or one
 * more than two edits from all of ours, case ignored. Keys are read as written
 * (send-options-for.ts compares `m.key` with `'no-redirect'`), so `Name` is ignored and gets
 * `name`. Ties go to the key listed first. A Set lookup decides for a known key: the parser calls
 * this for every metadata line.
 */
export function suggestMetadataKey(key: string): string | undefined {
  if (KNOWN_KEYS.has(key)) return undefined;
  const lower = key.toLowerCase();
  if (OTHER_KEYS.has(lower)) return undefined;
  if (suggestions.has(lower)) return suggestions.get(lower);
  let meant: string | undefined;
  let best = MAX_TYPO_DISTANCE + 1;
  for (let k = 0; k < METADATA_KEYS.length; k++) {
    const candidate = KEYS_LOWER_CASE[k]!;
    // The distance is at least the difference in length: most keys are ruled out unread.
    if (Math.abs(candidate.length - lower.length) >= best) continue;
    const distance = editDistance(lower, candidate, best - 1);
    if (distance < best) {
      meant = METADATA_KEYS[k]!.key;
      best = distance;
    }
  }
  if (suggestions.size >= MAX_SUGGESTIONS) suggestions.clear();
  suggestions.set(lower, meant);
  return meant;
}

/**
 * The snippet completion inserts for `info`: the key, then a tab stop per required word of its
 * value (`timeout ${1:MS}`, `prompt ${1:VAR}`); optional parts are left out, as a placeholder
 * left unfilled would be sent as written.
 */
export function metadataSnippet(info: MetadataKey): string {
  const required = (info.value ?? '').split('[')[0]!.trim();
  const words = required === '' ? [] : required.split(/\s+/);
  return [info.key, ...words.map((w, i) => `\${${i + 1}:${w}}`)].join(' ');
}

/** A key being typed after `@` on a metadata line: the column where it starts, and what is typed. */
export interface MetadataKeyContext {
  readonly start: number;
  readonly typed: string;
}

/**
 * Whether `column` of `lineText` stands where a metadata key is typed: `# @|`, `// @ti|`, `#@|`,
 * indented or not. The parser's own reading of a metadata line decides (a letter is appended so
 * that a bare `@` reads as a key), so completion appears exactly where the parser reads a key.
 */
export function metadataKeyContext(lineText: string, column: number): MetadataKeyContext | undefined {
  const before = lineText.slice(0, column);
  const m = matchMetadata(`${before}x`);
  if (m === undefined || m.value !== '' || !before.endsWith(`@${m.key.slice(0, -1)}`)) return undefined;
  const typed = m.key.slice(0, -1);
  return { start: column - typed.length, typed };
}

/** Keys whose value names another request of the file (httpYac's `# @ref login`). */
const REQUEST_NAME_KEYS: ReadonlySet<string> = new Set(['ref', 'forceRef']);

/**
 * Where `column` of `lineText` stands in the value of `# @ref` or `# @forceRef`, as the parser reads
 * the line (a letter appended, so that an empty value reads as one): the column the name starts at
 * and what is typed of it; undefined anywhere else.
 */
export function requestNameContext(lineText: string, column: number): MetadataKeyContext | undefined {
  const before = lineText.slice(0, column);
  const m = matchMetadata(`${before}x`);
  if (m === undefined || !REQUEST_NAME_KEYS.has(m.key) || !/^[\w.-]*x$/.test(m.value)) return undefined;
  const typed = m.value.slice(0, -1);
  return { start: column - typed.length, typed };
}

/** The names of the file's requests but `request`'s own, in file order, once each: what `# @ref` may name. */
export function requestNamesToOffer(requests: readonly HttpRequest[], request: HttpRequest | undefined): string[] {
  const names = new Set<string>();
  for (const r of requests) if (r !== request && r.name !== undefined) names.add(r.name);
  return [...names];
}

/**
 * The keys to offer on line `line` of a file, above `request`'s request line (undefined: no
 * request there yet, so every key): a key the request already has is left out unless it may
 * repeat. Line `line` itself does not count, so completing again over `# @timeout` still offers it.
 * Returns undefined when `line` is not before the request line (headers, body): no metadata there.
 */
export function metadataKeysToOffer(request: HttpRequest | undefined, line: number): MetadataKey[] | undefined {
  if (request === undefined) return [...METADATA_KEYS];
  if (line >= request.requestLine.line) return undefined;
  const present = new Set(request.metadata.filter((m) => m.line !== line).map((m) => m.key));
  return METADATA_KEYS.filter((k) => k.isRepeatable || !present.has(k.key));
}
