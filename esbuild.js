// Bundles the entry points: the extension (Node, CommonJS, `vscode` external), the webview UI
// (browser IIFE) and the `http-wire` CLI (Node: its bundle, and the launcher that runs it with V8's
// code cache). `--watch` rebuilds on change. The webview's
// pretty-print worker is bundled within the UI's build and embedded in it as text (the UI starts
// it from a blob: URL: a worker script from the webview's resource origin would be cross-origin);
// under --watch a change to the worker's files rebuilds the UI too.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev');

/**
 * `import source from 'pretty-worker:source'` (pretty-port.ts): the worker's bundle as text, built
 * each time the UI is. Its input files are watched with the UI's, so --watch rebuilds both.
 * @returns {import('esbuild').Plugin}
 */
function prettyWorkerSourcePlugin() {
  return {
    name: 'pretty-worker-source',
    setup(build) {
      build.onResolve({ filter: /^pretty-worker:source$/ }, (args) => ({ path: args.path, namespace: 'pretty-worker' }));
      build.onLoad({ filter: /.*/, namespace: 'pretty-worker' }, async () => {
        const built = await esbuild.build({
          entryPoints: ['src/webview/ui/pretty-worker.ts'],
          bundle: true,
          write: false,
          metafile: true,
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
          minify: production,
          logLevel: 'warning',
        });
        return { contents: built.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(built.metafile.inputs).map((f) => path.resolve(f)) };
      });
    },
  };
}

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
    plugins: [prettyWorkerSourcePlugin()],
  },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The command itself: runs cli-main.js with V8's code cache (see launch.ts).
  {
    entryPoints: ['src/cli/launch.ts'],
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

async function main() {
  // The webview UI arrives with the editor issue; build only the entry points that exist so far.
  const present = targets.filter((t) => fs.existsSync(path.join(__dirname, t.entryPoints[0])));
  const contexts = await Promise.all(
    present.map((t) =>
      esbuild.context({
        ...t,
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
