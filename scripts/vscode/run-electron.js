#!/usr/bin/env node
// `npm run test:electron`: the same extension-host suite as `npm run test:vscode`, in desktop VS Code
// downloaded by @vscode/test-electron. It needs to reach VS Code's download servers, so it fails on
// our offline machines; use it where the network allows (on Linux without a display, under
// `xvfb-run -a`). HTTP_WIRE_VSCODE_VERSION picks a version ('stable' by default, or e.g. '1.139.0').
// Builds nothing: run `npm run build` and `npm run compile-tests` first.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests, TestRunFailedError } = require('@vscode/test-electron');
const p = require('./paths');

async function main() {
  // Tests may edit and save workspace files; they do it on a copy, as under code-server.
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-electron-'));
  const folder = path.join(scratchDir, 'workspace');
  fs.cpSync(p.workspaceFixture, folder, { recursive: true });
  try {
    await runTests({
      version: process.env.HTTP_WIRE_VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: p.extensionPath,
      extensionTestsPath: p.testsEntry,
      // Other installed extensions stay off; a fresh profile keeps earlier runs' editors from
      // being restored (the activation test checks the state before any .http file is opened).
      launchArgs: [folder, '--disable-extensions', '--user-data-dir', path.join(scratchDir, 'user-data'), '--disable-workspace-trust'],
    });
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`test:electron: ${err instanceof Error ? err.message : String(err)}`);
  // A failed suite has printed mocha's summary; anything else (no download, no start) has not.
  if (!(err instanceof TestRunFailedError)) console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
