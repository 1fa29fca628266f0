/**
 * Other tools' scripts are kept and never run: JetBrains' `> {% %}` response handlers must say so
 * as httpYac's `{{ }}` scripts do, with one info `not-supported` on the line that opens them, in
 * the same words ("kept but not run"), wherever they stand after a request.
 */
import * as assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { lines } from './helpers';

describe('parser: scripts kept but not run say so, JetBrains\' as httpYac\'s', () => {
  const scripts: Array<{ name: string; script: string[] }> = [
    { name: 'httpYac {{ }}', script: ['{{', '  exports.token = response.parsedBody.token;', '}}'] },
    { name: 'JetBrains > {% %}', script: ['> {%', '  client.global.set("token", response.body.token);', '%}'] },
    { name: 'JetBrains one-line > {% %}', script: ['> {% client.test("ok", () => {}); %}'] },
    { name: 'JetBrains > handler file', script: ['> ./handler.js'] },
  ];
  const requests: Array<{ name: string; head: string[] }> = [
    { name: 'a GET', head: ['GET http://a.test/x', ''] },
    { name: 'a GET with a header', head: ['GET http://a.test/x', 'Accept: application/json', ''] },
    { name: 'a JSON POST', head: ['POST http://a.test/x', 'Content-Type: application/json', '', '{"a": 1}', ''] },
    { name: 'a text POST', head: ['POST http://a.test/x', 'Content-Type: text/plain', '', 'hello', ''] },
  ];
  for (const request of requests) {
    for (const { name, script } of scripts) {
      it(`${name} after ${request.name}: one info not-supported on its first line, saying it is not run`, () => {
        const file = parseHttpFile(lines(...request.head, ...script, '', '###', 'GET http://a.test/next'));
        const at = request.head.length;
        assert.deepEqual(
          file.diagnostics.map((d) => [d.severity, d.code, d.line]),
          [['info', 'not-supported', at]],
        );
        assert.match(file.diagnostics[0]!.message, /are not supported yet; they are kept but not run/);
        assert.deepEqual(file.requests[0]!.unsupported.map((u) => [u.startLine, u.endLine]), [[at, at + script.length - 1]]);
        assert.deepEqual(file.requests[1]!.unsupported, []);
      });
    }
  }
});
