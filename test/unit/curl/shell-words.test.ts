/** Paste cURL as Request (issue 11, item 2): a pasted command split into words as its shell would. */
import * as assert from 'node:assert/strict';
import { splitShellWords } from '../../../src/core/curl/shell-words';
import { ErrorCodes } from '../../../src/core/errors';

describe('curl: splitShellWords (issue 11, item 2)', () => {
  const rows: { name: string; input: string; want: string[] }[] = [
    { name: 'spaces, tabs and line ends separate words', input: 'curl  -s\thttp://a\n-v', want: ['curl', '-s', 'http://a', '-v'] },
    { name: "single quotes keep everything, '\\'' is a quote", input: "curl 'a \"b\" $x \\n' 'it'\\''s'", want: ['curl', 'a "b" $x \\n', "it's"] },
    { name: 'double quotes: \\ escapes only $ ` " \\ and a line end', input: 'curl "a\\"b\\\\c\\d\\$e\\\nf"', want: ['curl', 'a"b\\c\\d$ef'] },
    { name: "$'...' C escapes, \\x and octal bytes decoded as UTF-8", input: "curl $'a\\nb\\t\\'q\\' \\x41\\101 \\xc3\\xa9 \\u00e9 \\\\'", want: ['curl', "a\nb\t'q' AA é é \\"] },
    { name: 'a backslash-newline continues the line (also CRLF), a leading "$ " prompt is dropped', input: '$ curl -H x \\\r\n  -d y \\\n  http://a', want: ['curl', '-H', 'x', '-d', 'y', 'http://a'] },
    { name: 'adjacent quoted parts make one word, empty quotes an empty word', input: "curl -H'A: '\"b\"c ''", want: ['curl', '-HA: bc', ''] },
    { name: '$NAME and ${NAME} become {{NAME}}; other $ stay', input: 'curl "Bearer $TOKEN" ${HOST}/x $1 "a$"', want: ['curl', 'Bearer {{TOKEN}}', '{{HOST}}/x', '$1', 'a$'] },
    { name: 'the command ends at a pipe, ; or &&; a & inside a word is kept', input: 'curl http://a/?x=1&y=2 | jq .', want: ['curl', 'http://a/?x=1&y=2'] },
    { name: 'a # comment at the start of a word ends its line', input: 'curl a#b \\\n # note\n -v', want: ['curl', 'a#b', '-v'] },
    {
      name: "cmd: ^ escapes, ^ at a line end joins lines, ^\\n\\n is a line break, \\\" is a quote",
      input: 'curl ^"https://a/?x=1^&y=2^" ^\n  -H ^"sec-ch-ua: ^\\^"Chromium^\\^";v=^\\^"1^\\^"^" ^\n  --data-raw ^"a^\n\nb ^%PATH^% ^\\^\\d^"',
      want: ['curl', 'https://a/?x=1&y=2', '-H', 'sec-ch-ua: "Chromium";v="1"', '--data-raw', 'a\nb %PATH% \\d'],
    },
    { name: 'a ^" inside a POSIX-quoted word does not make it a cmd command', input: "curl -d 'a=^\"x' http://a", want: ['curl', '-d', 'a=^"x', 'http://a'] },
    { name: 'cmd, older browsers: "" inside quotes is one quote', input: 'curl "http://a" --data-binary "{""a"":1}" ^\n --compressed', want: ['curl', 'http://a', '--data-binary', '{"a":1}', '--compressed'] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      assert.deepEqual(splitShellWords(row.input).words, row.want);
    });
  }

  it('reports what it left out: the pipe after the command, $(...), shell variables', () => {
    const { warnings } = splitShellWords('curl -H "X: $(date)" "$TOKEN" | jq .');
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings.join('\n'), /\$\(\.\.\.\)/);
    assert.match(warnings.join('\n'), /\{\{TOKEN\}\}/);
    assert.match(warnings.join('\n'), /\| jq \./);
  });

  const errors: { name: string; input: string }[] = [
    { name: 'an open single quote', input: "curl 'http://a" },
    { name: 'an open double quote', input: 'curl "http://a' },
    { name: "an open $'", input: "curl $'http://a" },
    { name: 'an open quote in cmd', input: 'curl ^"a^" "b ^\n -v' },
    { name: 'bytes that are not UTF-8', input: "curl -d $'\\xff' http://a" },
  ];
  for (const row of errors) {
    it(`refuses ${row.name} with HW_CURL_COMMAND`, () => {
      assert.throws(() => splitShellWords(row.input), (err: { code?: string }) => err.code === ErrorCodes.curlCommand);
    });
  }
});
