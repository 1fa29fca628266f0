/** Where a key is written in an env or settings file, for go to definition (issue 12, item 5). */
import * as assert from 'node:assert/strict';
import { findJsonKey } from '../../../src/core/environments/json-key-position';

describe('environments: findJsonKey', () => {
  const env = [
    '{',
    '  // comments and trailing commas, as JetBrains and VS Code allow',
    '  "$shared": { "host": "shared" },',
    '  "dev": {',
    '    "host": "http://dev", /* "token": "not a key" */',
    '    "nested": { "token": "deeper" },',
    '    "list": [{ "token": "in an array" }],',
    '    "token": "t",',
    '  },',
    '}',
  ].join('\n');

  it('finds a key under its environment, not the same name elsewhere', () => {
    assert.deepEqual(findJsonKey(env, ['dev', 'host']), { line: 4, column: 5 });
    assert.deepEqual(findJsonKey(env, ['$shared', 'host']), { line: 2, column: 16 });
    assert.deepEqual(findJsonKey(env, ['dev', 'token']), { line: 7, column: 5 });
    assert.deepEqual(findJsonKey(env, ['dev']), { line: 3, column: 3 });
  });

  it('undefined for a key that is not there, or only inside a string, a comment or a deeper object', () => {
    assert.equal(findJsonKey(env, ['prod', 'host']), undefined);
    assert.equal(findJsonKey(env, ['$shared', 'token']), undefined);
    assert.equal(findJsonKey('{"a": "\\"b\\": 1"}', ['b']), undefined);
  });

  it('reads escaped keys, CRLF lines, settings-shaped paths, and takes the last of two', () => {
    const settings = '{\r\n  "httpWire.environmentVariables": {\r\n    "dev": { "a\\u0062": 1, "ab": 2 }\r\n  }\r\n}';
    assert.deepEqual(findJsonKey(settings, ['httpWire.environmentVariables', 'dev', 'ab']), { line: 2, column: 28 });
  });

  it('never throws on a malformed text', () => {
    for (const text of ['', '{', '{"dev": {"host"', '}}]]', '{"dev": [}', '"unterminated']) assert.doesNotThrow(() => findJsonKey(text, ['dev', 'host']));
  });
});
