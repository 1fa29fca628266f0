#!/usr/bin/env node
// `npm start`: the real VS Code in the browser (code-server) with HTTP Wire installed and examples/
// open, beside the demo server that answers like the server of "A typical HTTP session", so that a
// newcomer clicks Send Request and sees the wire. `npm start -- --help` lists the options; the
// package.json script builds first. The CLI's demo is `npm run demo` (scripts/demo.js).
//
// The extension goes in as a user gets it: packaged into a .vsix and installed with
// `code-server --install-extension` into a scratch extensions folder. Unlike the
// extensionDevelopmentPath payload (what the tests use) it needs no test-mode flag and no payload
// in the URL, survives a plain reload of the page, and a later run repackages and reinstalls only
// when the build changed (a hash of what goes in the .vsix), so it starts in seconds.
// The workspace is the repo's own examples/ folder, not a copy: what the newcomer edits there is
// what the README talks about, and git shows (and can undo) every change.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const p = require('./vscode/paths');
const { startCodeServer, runCodeServerCli } = require('./vscode/code-server');

const { startDemoServer, parseStartOptions, portTakenMessage, START_USAGE, DEFAULT_DEMO_PORT } = loadDemoModules();

const examplesDir = path.join(p.root, 'examples');
// HTTP_WIRE_START_DIR moves the editor's state (settings, installed extension, logs) elsewhere.
const scratchDir = path.resolve(process.env.HTTP_WIRE_START_DIR || path.join(p.cacheDir, 'start'));
const logFile = path.join(scratchDir, 'code-server.log');
// What the .vsix holds (.vscodeignore): a change in any of it repackages and reinstalls.
const VSIX_INPUTS = ['dist', 'syntaxes', 'images/icon.png', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'language-configuration.json'];

const log = (msg) => console.log(`start: ${msg}`);
const rel = (f) => path.relative(p.root, f) || '.';

async function main() {
  const options = parseStartOptions(process.argv.slice(2), process.env);
  if (options.help) return console.log(START_USAGE);
  const started = Date.now();
  await ensureSetup();
  fs.mkdirSync(scratchDir, { recursive: true });
  const vsixFile = await ensureExtensionInstalled();

  const demo = await listen('the demo server', options.demoPort, '--demo-port', (port) => startDemoServer(port, '127.0.0.1'));
  const demoPort = demo.address().port;
  let editor;
  try {
    if (options.editorPort !== 0) await assertPortFree('code-server', options.editorPort, '--port');
    editor = await startCodeServer({ scratchDir, folder: examplesDir, port: options.editorPort, testMode: false, deadlineMs: 60_000, logFile });
  } catch (err) {
    demo.close();
    throw err;
  }
  const stop = async () => {
    await editor.stop();
    demo.close();
  };
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (options.check) {
    try {
      await check(editor, demoPort, vsixFile);
    } finally {
      await stop();
    }
    return;
  }
  console.log(`\n  Demo server:  http://127.0.0.1:${demoPort}  (the 200 page at /, the 301 at /moved, a 404 elsewhere)`);
  console.log(`  VS Code:      ${editor.url}/  <- open this in your browser`);
  console.log(`\n  Open demo-server.http in the explorer and click "Send Request" above a request.`);
  if (demoPort !== DEFAULT_DEMO_PORT) console.log(`  The demo server is on port ${demoPort}: change @host in demo-server.http to match.`);
  console.log(`  Logs: ${rel(logFile)}. Ctrl+C stops both servers.\n`);

  let stopping = false;
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    editor.exited.then((how) => {
      if (stopping) return;
      log(`code-server stopped by itself (${how}); see ${rel(logFile)}`);
      process.exitCode = 1;
      resolve();
    });
  });
  stopping = true;
  log('stopping code-server and the demo server');
  await stop();
}

/**
 * The demo server and the option parsing are TypeScript (src/demo). esbuild turns them into
 * CommonJS in ~50 ms, where compiling the whole test tree with tsc (as `npm run demo` does) takes
 * ~15 s: a later `npm start` stays at a few seconds.
 */
function loadDemoModules() {
  const outdir = path.join(p.root, 'out', 'start');
  const entries = ['demo-server', 'start-options'];
  require('esbuild').buildSync({
    entryPoints: entries.map((name) => path.join(p.root, 'src', 'demo', `${name}.ts`)),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return Object.assign({}, ...entries.map((name) => require(path.join(outdir, `${name}.js`))));
}

/** First run: Node 24 and code-server into .vscode-test/ (scripts/vscode/setup.js, ~4-5 minutes). */
async function ensureSetup() {
  if (fs.existsSync(p.stampFile) && fs.existsSync(p.codeServerEntry) && fs.existsSync(p.nodeBin)) return;
  log('first run: setting up code-server (about 4-5 minutes, once)');
  await run(process.execPath, [path.join(__dirname, 'vscode', 'setup.js')]);
}

/** Packages and installs the extension unless the installed one was built from the same files. */
async function ensureExtensionInstalled() {
  const vsixFile = path.join(scratchDir, 'http-wire.vsix');
  const stampFile = path.join(scratchDir, 'extension-stamp.json');
  const { version } = JSON.parse(fs.readFileSync(path.join(p.root, 'package.json'), 'utf8'));
  const stamp = { hash: hashInputs(), version };
  const installedDir = path.join(scratchDir, 'extensions', `${p.extensionId}-${version}`);
  if (fs.existsSync(installedDir) && readJson(stampFile)?.hash === stamp.hash) {
    log(`HTTP Wire ${version} already installed (unchanged since the last run)`);
    return vsixFile;
  }
  log(`packaging HTTP Wire ${version} and installing it into ${rel(path.join(scratchDir, 'extensions'))}`);
  await run(path.join(p.root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsixFile], { quiet: true });
  await runCodeServerCli({ scratchDir, args: ['--install-extension', vsixFile, '--force'], logFile });
  fs.writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n');
  return vsixFile;
}

function hashInputs() {
  const hash = crypto.createHash('sha256');
  for (const input of VSIX_INPUTS) {
    const full = path.join(p.root, input);
    if (!fs.existsSync(full)) continue;
    const files = fs.statSync(full).isDirectory() ? fs.readdirSync(full, { recursive: true, encoding: 'utf8' }).map((f) => path.join(full, f)) : [full];
    for (const file of files.sort()) {
      if (!fs.statSync(file).isFile()) continue;
      hash.update(`${rel(file)}\0`).update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/** `--check`: each piece answers, without a browser. Throws naming the first that does not. */
async function check(editor, demoPort, vsixFile) {
  const status = await rawStatusLine(demoPort, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fr\r\nConnection: close\r\n\r\n');
  if (status !== 'HTTP/1.1 200 OK') throw new Error(`the demo server answered "${status}" to GET /, not "HTTP/1.1 200 OK"`);
  log(`demo server on 127.0.0.1:${demoPort}: GET / -> ${status}`);
  const healthz = await fetch(`${editor.url}/healthz`);
  if (healthz.status !== 200) throw new Error(`code-server's /healthz answered ${healthz.status}`);
  log(`code-server on ${editor.url}: /healthz -> ${healthz.status} ${JSON.stringify(await healthz.json())}`);
  const listed = await runCodeServerCli({ scratchDir, args: ['--list-extensions', '--show-versions'], logFile });
  const { version } = JSON.parse(fs.readFileSync(path.join(p.root, 'package.json'), 'utf8'));
  if (!listed.split('\n').includes(`${p.extensionId}@${version}`)) throw new Error(`code-server does not list ${p.extensionId}@${version} among its extensions (it lists: ${listed.trim() || 'none'})`);
  log(`extension installed: ${p.extensionId}@${version} (from ${rel(vsixFile)})`);
  log('check passed');
}

/** The status line the server at 127.0.0.1:`port` answers to `request` (raw, as the demo speaks it). */
function rawStatusLine(port, request) {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    socket.setTimeout(10_000, () => socket.destroy(new Error(`the demo server on port ${port} did not answer within 10 s`)));
    socket.setEncoding('latin1').on('data', (d) => (received += d));
    socket.on('error', reject);
    socket.on('close', () => resolve(received.split('\r\n', 1)[0]));
  });
}

/** Starts a server on `port`, turning EADDRINUSE into a sentence naming the option that moves it. */
async function listen(what, port, option, start) {
  try {
    return await start(port);
  } catch (err) {
    if (err && err.code === 'EADDRINUSE') throw new Error(portTakenMessage(what, port, option));
    throw err;
  }
}

// code-server only logs a taken port and exits: find out first, to say which option moves it.
function assertPortFree(what, port, option) {
  return listen(what, port, option, (free) => new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(free, '127.0.0.1', () => probe.close(resolve));
  }));
}

function run(cmd, args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: p.root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
    child.on('error', (err) => reject(new Error(`${rel(cmd)} could not start: ${err.message}`)));
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${rel(cmd)} ${args.join(' ')} failed (${signal || `exit ${code}`})`))));
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

main().catch((err) => {
  console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
