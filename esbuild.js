// Bundles the three entry points: the extension (Node, CommonJS, `vscode` external), the webview UI
// (browser IIFE) and the `http-wire` CLI (Node). `--watch` rebuilds on change. The webview's
// pretty-print worker is bundled first and embedded in the UI's bundle as text (the UI starts it
// from a blob: URL: a worker script from the webview's resource origin would be cross-origin).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev');

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  {
    entryPoints: ['src/editor/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    entryPoints: ['src/webview/ui/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    needsWorker: true,
  },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];

/** The webview's stylesheet goes beside its script: the only folder the webview may load from. */
function copyWebviewCss() {
  const from = path.join(__dirname, 'src/webview/ui/panel.css');
  if (!fs.existsSync(from)) return;
  fs.mkdirSync(path.join(__dirname, 'dist/webview'), { recursive: true });
  fs.copyFileSync(from, path.join(__dirname, 'dist/webview/panel.css'));
}

/** The pretty-print worker's bundle, as the text the UI's bundle embeds (PRETTY_WORKER_SOURCE). */
async function prettyWorkerSource() {
  const built = await esbuild.build({
    entryPoints: ['src/webview/ui/pretty-worker.ts'],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    logLevel: 'warning',
  });
  return built.outputFiles[0].text;
}

async function main() {
  // The webview UI arrives with the editor issue; build only the entry points that exist so far.
  const present = targets.filter((t) => fs.existsSync(path.join(__dirname, t.entryPoints[0])));
  const workerSource = present.some((t) => t.needsWorker) ? await prettyWorkerSource() : '';
  const contexts = await Promise.all(
    present.map(({ needsWorker, ...t }) =>
      esbuild.context({
        ...t,
        ...(needsWorker ? { define: { PRETTY_WORKER_SOURCE: JSON.stringify(workerSource) } } : {}),
        bundle: true,
        minify: production,
        sourcemap: true,
        sourcesContent: false,
        logLevel: 'warning',
      }),
    ),
  );
  if (watch) {
    copyWebviewCss();
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  copyWebviewCss();
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
