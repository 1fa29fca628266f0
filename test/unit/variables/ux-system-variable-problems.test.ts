/**
 * QA report `bad-system-variable-no-diagnostic`: `{{$nope}}` and `{{$randomInt a b}}` got no
 * warning in the Problems view (only unknown plain names did), then the send failed. The editor's
 * UnresolvedVariablesPublisher now warns on them through malformedSystemReferences, with the
 * reason and code the send's error gives.
 */
import * as assert from 'node:assert/strict';
import { ErrorCodes, HttpWireError } from '../../../src/core/errors';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { systemVariableProblem } from '../../../src/core/variables/system-variables';
import { malformedSystemReferences } from '../../../src/core/variables/variable-lookup';
import { VariableResolver } from '../../../src/core/variables/variable-resolver';
import { lines } from '../http-file/helpers';
import { fixedInputs } from './support';

describe('variables: system variables no send can evaluate, found before any send (QA bad-system-variable-no-diagnostic)', () => {
  const refused: Array<{ name: string; expression: string; want: RegExp }> = [
    { name: 'an unknown one (the report)', expression: '$nope', want: /^is not a system variable \(\$nope\)$/ },
    { name: '$randomInt with words for bounds (the report)', expression: '$randomInt a b', want: /^is not a valid \$randomInt: write \{\{\$randomInt min max\}\}$/ },
    { name: '$randomInt with one bound', expression: '$randomInt 5', want: /is not a valid \$randomInt/ },
    { name: '$randomInt with its bounds reversed', expression: '$randomInt 10 1', want: /minimum below its maximum .*\{\{\$randomInt 1 10\}\}$/ },
    { name: '$datetime with an unknown format name', expression: '$datetime rfc822', want: /is not a valid \$datetime/ },
    { name: '$timestamp with an unknown unit', expression: '$timestamp 1 days', want: /units y Q M w d h m s ms/ },
    { name: '$random.integer with from above to', expression: '$random.integer(9, 1)', want: /"from" below "to"/ },
    { name: 'a random text too long to make', expression: '$random.alphabetic(100000)', want: /at most 65536/ },
    { name: "REST Client's $aadToken", expression: '$aadToken', want: /is not supported/ },
    { name: '$shared outside an environment value', expression: '$shared name', want: /only meaningful inside an environment value/ },
    { name: 'percent-encoded', expression: '%$nope', want: /is not a system variable \(\$nope\)/ },
  ];
  const accepted = ['$guid', '$uuid', '$randomInt', '$randomInt 1 10', '$timestamp -1 d', '$isoTimestamp', '$datetime iso8601 1 d', '$localDatetime "YYYY-MM-DD"', '$processEnv NOT_SET_ANYWHERE', '$dotenv %nameVar', '$random.integer(1, 5)', '$random.float', '$random.alphanumeric(8)', '$random.email', '%$guid'];

  for (const row of refused) {
    it(`warns on {{${row.expression}}}: ${row.name}, with the reason and code of the send's error`, async () => {
      const file = parseHttpFile(lines('GET http://x.test/?a=1', `X-Value: {{${row.expression}}}`));
      const found = malformedSystemReferences(file);
      assert.equal(found.length, 1);
      const { reference, problem } = found[0]!;
      assert.deepEqual([reference.expression, reference.line, reference.column, reference.endColumn], [row.expression, 1, 9, 9 + row.expression.length + 4]);
      assert.match(problem.reason, row.want);
      // The send stops on it with the same words and code.
      const err = await new VariableResolver(file, fixedInputs())
        .forRequest(file, file.requests[0]!)
        .expand(`{{${row.expression}}}`, { where: 'header X-Value', line: 1 })
        .then(
          () => assert.fail('the send should refuse it'),
          (e: unknown) => e as HttpWireError,
        );
      assert.ok(err instanceof HttpWireError);
      assert.equal(err.code, problem.code);
      assert.equal(err.message, `{{${row.expression}}} in the header X-Value (line 2) ${problem.reason}; nothing was sent.`);
    });
  }

  it('leaves well-formed ones alone, also those whose value only a send can find ($processEnv, $dotenv)', () => {
    for (const expression of accepted) assert.equal(systemVariableProblem(expression.replace(/^%/, '')), undefined, expression);
    const file = parseHttpFile(lines('GET http://x.test/', ...accepted.map((e, i) => `X-${i}: {{${e}}}`)));
    assert.deepEqual(malformedSystemReferences(file), []);
  });

  it("finds them where they are written: in file variables' values (as the other variable warnings do) and in every request", () => {
    const file = parseHttpFile(lines('@id = {{$nope}}', '@unused = {{$alsoNope}}', 'GET http://x.test/{{id}}', '', '###', 'POST http://x.test/', 'Content-Type: application/json', '', '{"n": {{$randomInt a b}}, "ok": "{{$guid}}"}'));
    assert.deepEqual(
      malformedSystemReferences(file).map(({ reference, problem }) => [reference.expression, reference.line, problem.code]),
      [
        ['$nope', 0, ErrorCodes.unresolvedVariable],
        ['$alsoNope', 1, ErrorCodes.unresolvedVariable],
        ['$randomInt a b', 8, ErrorCodes.unresolvedVariable],
      ],
    );
  });
});
