// The extension-host test entry point (`extensionTestsPath`): VS Code loads this module inside its
// extension host and awaits run(). The same module serves code-server (scripts/vscode/run-tests.js)
// and @vscode/test-electron (scripts/vscode/run-electron.js). Every *.test.js beside it, in any
// subfolder, is part of the suite, so new test files need no registration here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // Colours would reach the CI log as escape codes; the timeout covers a first activation on two
  // busy cores. Tests wait on conditions with their own deadlines, so this only catches hangs.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000 });
  const files = findTestFiles(__dirname);
  if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}`);
  for (const file of files) mocha.addFile(file);
  // The bench runs one part of the suite (bench/panel-bench.ts: the big-body host measures).
  if (process.env.HTTP_WIRE_TEST_GREP) mocha.grep(process.env.HTTP_WIRE_TEST_GREP);

  const restoreReporter = tagReport(process.env.HTTP_WIRE_REPORT_TAG);
  try {
    // mocha.run() loads the files first: one that throws while loading rejects here.
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
  } finally {
    restoreReporter();
  }
}

// Under code-server the extension host's console reaches scripts/vscode/run-tests.js through the
// workbench's log, in the same form as the workbench's own lines; the runner sets this tag to find
// mocha's report among them. Mocha prints through Base.consoleLog, which is wrapped because VS
// Code's extension host ignores assignments to console methods.
function tagReport(tag: string | undefined): () => void {
  if (!tag) return () => {};
  const print = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => print(tag + util.format(...args));
  return () => {
    Mocha.reporters.Base.consoleLog = print;
  };
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => path.join(dir, name))
    .sort();
}
