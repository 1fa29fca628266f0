/**
 * FileWarnings: the parser's warnings on stderr, those outside every request first, a request's
 * own when it is first sent, never twice (a dependency sent for several requests, # @forceRef).
 */
import * as assert from 'node:assert/strict';
import { FileWarnings } from '../../../src/cli/file-warnings';
import { parseHttpFile } from '../../../src/core/http-file/parse';

describe('cli: FileWarnings', () => {
  const file = parseHttpFile('@v = 1\n@v = 2\nGET http://a.test/\n###\nGET http://b.test/\n\nX-Foo: bar\n');

  it("prints the file's warnings outside requests, then each request's once, however often it is sent", () => {
    const lines: string[] = [];
    const warnings = new FileWarnings(file, 'api.http', (line) => lines.push(line));
    warnings.printOutside();
    assert.deepEqual(lines.map((l) => /\[([a-z-]+)\]$/.exec(l)?.[1]), ['duplicate-variable']);
    warnings.printFor(file.requests[0]!);
    assert.equal(lines.length, 1, 'the first request has no warning');
    warnings.printFor(file.requests[1]!);
    warnings.printFor(file.requests[1]!);
    assert.equal(lines.length, 2, 'the second request is sent twice, its warning printed once');
    assert.match(lines[1]!, /^http-wire: api\.http:7:1: warning: .* \[header-in-body\]$/);
    assert.equal(warnings.count, 2);
  });
});
