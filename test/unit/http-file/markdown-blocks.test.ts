/**
 * Send Request also in ```http blocks in Markdown (issue 11, item 1): which fenced blocks are
 * requests, and where their content lines are.
 */
import * as assert from 'node:assert/strict';
import { findMarkdownHttpBlocks } from '../../../src/core/http-file/markdown-blocks';

describe('Markdown http blocks (issue 11, item 1)', () => {
  const cases = [
    {
      name: 'a backtick block after prose',
      input: ['# API', '', '```http', 'GET https://a.example/', 'Accept: */*', '```', 'after'],
      want: [{ startLine: 3, endLine: 5, text: 'GET https://a.example/\nAccept: */*' }],
    },
    {
      name: 'tildes, indentation up to three spaces, "rest", an info string after the language, any case',
      input: ['   ~~~~ REST title="x"', 'GET /', '~~~~', '```HTTP', 'GET /b', '```'],
      want: [
        { startLine: 1, endLine: 2, text: 'GET /' },
        { startLine: 4, endLine: 5, text: 'GET /b' },
      ],
    },
    {
      name: 'blocks of other languages are skipped whole, even when they contain an http fence',
      input: ['````markdown', '```http', 'GET /inner', '```', '````', '```json', '{}', '```'],
      want: [],
    },
    {
      name: 'a closing fence must be as long as the opening one and of the same character',
      input: ['````http', 'GET /', '```', '~~~~', '````'],
      want: [{ startLine: 1, endLine: 4, text: 'GET /\n```\n~~~~' }],
    },
    {
      name: 'an unclosed block runs to the end; CRLF line ends',
      input: ['```http\r', 'GET /\r', 'Host: a'],
      want: [{ startLine: 1, endLine: 3, text: 'GET /\nHost: a' }],
    },
    {
      name: 'four spaces of indentation is not a fence; a backtick in a backtick info string is inline code',
      input: ['    ```http', 'GET /a', '```http `x`', 'GET /b'],
      want: [],
    },
  ];
  for (const { name, input, want } of cases) {
    it(name, () => assert.deepEqual(findMarkdownHttpBlocks(input.join('\n')), want));
  }
});
