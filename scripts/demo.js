#!/usr/bin/env node
// `npm run demo`: the CLI sends the seed requests of examples/a-typical-http-session.http to the
// local demo server (the server of "A typical HTTP session") over HTTP Wire's own socket client,
// printing what went over the wire. `npm run demo -- --keep` leaves the server running.
// (`npm start` opens the same requests in VS Code in the browser: scripts/start.js.)
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { startDemoServer } = require(path.join(root, 'out/src/demo/demo-server.js'));

async function main() {
  const server = await startDemoServer(0, '127.0.0.1');
  const port = server.address().port;
  console.log(`Demo server: http://127.0.0.1:${port} (answers like the server in "A typical HTTP session")\n`);
  const args = [
    path.join(root, 'dist/cli.js'),
    'send',
    path.join(root, 'examples/a-typical-http-session.http'),
    '--all',
    '--include',
    `--connect-to=developer.mozilla.org:80:127.0.0.1:${port}`,
  ];
  console.log(`$ http-wire ${args.slice(1).map((a) => path.relative(root, a) || a).join(' ')}\n`);
  let code = 0;
  try {
    // The CLI runs in its own process, as users run it; this process keeps serving meanwhile.
    code = await runCli(args);
  } finally {
    if (!process.argv.includes('--keep')) server.close();
  }
  if (process.argv.includes('--keep')) console.log(`\nThe demo server stays up on port ${port}; Ctrl+C to stop.`);
  process.exitCode = code;
}

function runCli(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
