/**
 * A request-target holds only the characters RFC 3986 allows (RFC 9112 §3.2): a space, `"`, `<`,
 * `>`, `\`, `^`, `` ` ``, `{`, `|`, `}` and anything past ASCII (`/café?city=Zürich`) go as their UTF-8
 * bytes percent-encoded, as REST Client, httpYac and JetBrains' client send them. They come from
 * variables (a prompt answered `New York`) far more than from typing, since a space typed in the
 * URL is a parse error; servers such as Tomcat answer 400 to a raw `{` or `|`. Everything else,
 * `%` sequences included, stays as typed; control characters are left for the wire to refuse.
 */
export function requestTarget(target: string): string {
  return NOT_IN_TARGET.test(target) ? target.replace(NOT_IN_TARGET_RUNS, (run) => percentEncoded(run)) : target;
}

// eslint-disable-next-line no-control-regex -- the class is every non-ASCII character.
const NOT_IN_TARGET = /[ "<>\\^`{|}]|[^\x00-\x7f]/;
// eslint-disable-next-line no-control-regex -- as above.
const NOT_IN_TARGET_RUNS = /(?:[ "<>\\^`{|}]|[^\x00-\x7f])+/g;

function percentEncoded(run: string): string {
  let out = '';
  for (const byte of Buffer.from(run, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
