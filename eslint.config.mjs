import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', '.cache/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // src/core is tested in plain Node: it must never reach for the editor API.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }] }],
    },
  },
  {
    // The client and the response model know no .http file: core/send joins the file model to them.
    files: ['src/core/wire/**/*.ts', 'src/core/response/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }],
          patterns: [{ group: ['**/http-file', '**/http-file/*', '**/send', '**/send/*'], message: 'wire and response know no .http file: core/send is the layer above them.' }],
        },
      ],
    },
  },
  {
    // The webview's page runs in a browser frame: it knows the message protocol and nothing else.
    files: ['src/webview/ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview UI runs in the browser: no vscode.' }],
          patterns: [
            { group: ['node:*'], message: 'The webview UI runs in the browser: no Node modules.' },
            { group: ['../*', '!../protocol', '../../**'], message: 'The webview UI imports only ../protocol (style guide §1).' },
          ],
        },
      ],
    },
  },
);
