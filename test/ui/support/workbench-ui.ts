// The real VS Code workbench (code-server) in headless Chromium, with our extension loaded from the
// repo folder, for tests that click through the UI as a user does. Reuses the extension-host
// runner's pieces (scripts/vscode/*.js): how code-server starts, the Chromium flags, the paths.
// See shared/real-vscode-offline.md.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';

interface CodeServer {
  readonly url: string;
  readonly exited: Promise<string>;
  stop(): Promise<void>;
}
interface VscodePaths {
  readonly root: string;
  readonly chromiumBin: string;
  readonly extensionPath: string;
  readonly resultsDir: string;
}

// This file runs from out/test/ui/support/, the scripts live in the repo's scripts/vscode/: plain
// CommonJS modules without types, loaded by absolute path (a relative import would differ between
// the source and the compiled tree).
const loadScript = createRequire(__filename);
const scriptsDir = path.resolve(__dirname, '..', '..', '..', '..', 'scripts', 'vscode');
const paths = loadScript(path.join(scriptsDir, 'paths.js')) as VscodePaths;
const { startCodeServer } = loadScript(path.join(scriptsDir, 'code-server.js')) as {
  startCodeServer(options: { scratchDir: string; folder: string; deadlineMs: number; logFile: string }): Promise<CodeServer>;
};
const { CHROMIUM_ARGS } = loadScript(path.join(scriptsDir, 'workbench.js')) as { CHROMIUM_ARGS: readonly string[] };

export const resultsDir = paths.resultsDir;
/** The extension-host tests' workspace: each UI test opens a copy of it. */
const WORKSPACE_FIXTURE = path.join(paths.root, 'test', 'integration', 'workspace');

export interface WorkbenchUi {
  readonly page: Page;
  /** The response panel's page: the webview's outer iframe, then VS Code's inner #active-frame. */
  readonly panel: FrameLocator;
  /** A PNG of the whole workbench in test-results/; undefined when the page could not be shot. */
  screenshot(name: string): Promise<string | undefined>;
  /** The page's console so far (workbench and extension host), one message a line. */
  readonly consoleLog: string;
  stop(): Promise<void>;
}

/**
 * Starts code-server on `folder` (state under `scratchDir`) and opens its workbench in development
 * mode for the repo's extension (the `extensionDevelopmentPath` payload, which a built workbench
 * honours only under `enable-smoke-test-driver`, as code-server.js starts it). No test module is
 * named, so the extension host simply stays up until the browser closes.
 */
export async function openWorkbenchUi(folder: string, scratchDir: string): Promise<WorkbenchUi> {
  fs.mkdirSync(paths.resultsDir, { recursive: true });
  const serverLog = path.join(paths.resultsDir, 'ui-server.log');
  const consoleLog = path.join(paths.resultsDir, 'ui-console.log');
  fs.writeFileSync(serverLog, '');
  const server = await startCodeServer({ scratchDir, folder, deadlineMs: 60_000, logFile: serverLog });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: paths.chromiumBin, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const log = fs.createWriteStream(consoleLog);
    page.on('console', (msg) => log.write(`[${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => log.write(`[pageerror] ${err.stack ?? err.message}\n`));
    page.on('crash', () => log.write('[crash] the workbench page crashed\n'));

    const authority = new URL(server.url).host;
    const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${paths.extensionPath}`]];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    const opened = browser;
    return {
      page,
      panel: page.frameLocator('iframe.webview.ready').frameLocator('#active-frame'),
      consoleLog,
      screenshot: async (name) => {
        const file = path.join(paths.resultsDir, `${name}.png`);
        return page.screenshot({ path: file, timeout: 15_000 }).then(
          () => file,
          () => undefined,
        );
      },
      stop: async () => {
        await opened.close().catch(() => {});
        await new Promise<void>((resolve) => log.end(resolve));
        await server.stop();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw new Error(`the workbench did not open: ${util.format(err)}`);
  }
}

/** A file name part from a test title: letters, digits and dashes. */
export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/** After a failure: a screenshot named after `title`, and where the page's console went, printed. */
export async function keepEvidence(ui: WorkbenchUi | undefined, title: string): Promise<void> {
  const shot = await ui?.screenshot(`ui-failure-${slug(title)}`);
  console.log(`    screenshot: ${shot ?? '(none: the page could not be shot)'}; page console: ${ui?.consoleLog ?? '(none)'}`);
}

/** What a UI suite's `open` fills in as it goes: a failure halfway still stops what was started. */
export interface UiSuiteParts {
  ui?: WorkbenchUi;
  scratchDir?: string;
  /** Servers the suite started, closed at the end (a net.Server or our RawServer). */
  readonly servers: Array<{ close(done?: () => void): unknown }>;
}

/** How long a suite may take to start its servers and open the workbench. */
const OPEN_SUITE_TIMEOUT_MS = 300_000;

/**
 * The hooks every UI suite has, around `open` (its `before`): a screenshot and the page's console
 * when opening fails or a test does, and at the end the workbench stopped, the servers closed and
 * the scratch folder removed. Returns the open workbench, for the tests.
 */
export function uiSuite(open: (parts: UiSuiteParts) => Promise<void>): () => WorkbenchUi {
  const parts: UiSuiteParts = { servers: [] };
  before(async function () {
    this.timeout(OPEN_SUITE_TIMEOUT_MS);
    try {
      await open(parts);
    } catch (err) {
      await keepEvidence(parts.ui, 'opening the workbench');
      throw err;
    }
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await keepEvidence(parts.ui, this.currentTest.title);
  });
  after(async () => {
    await parts.ui?.stop();
    for (const server of parts.servers) await closeServer(server);
    if (parts.scratchDir) fs.rmSync(parts.scratchDir, { recursive: true, force: true });
  });
  return () => {
    if (parts.ui === undefined) throw new Error('the workbench is not open');
    return parts.ui;
  };
}

/** A net.Server (close takes a callback) or our RawServer (close returns a promise). */
function closeServer(server: { close(done?: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => {
    const done = server.close(() => resolve());
    if (done instanceof Promise) void done.then(() => resolve());
  });
}

/** A copy of the tests' workspace, open in the workbench. */
export interface UiWorkspace {
  readonly ui: WorkbenchUi;
  /** The workspace folder (inside `scratchDir`). */
  readonly folder: string;
  /** Remove it when done: the workbench's state and the workspace live here. */
  readonly scratchDir: string;
}

/**
 * Copies the tests' workspace to a fresh folder named from `prefix`, writes `fileName` with `text`
 * in it, opens the workbench there and the file in the editor (a click in the explorer, as a user
 * does). What it starts goes into `parts` at once, so that the suite's hooks stop it and remove
 * the folder even when opening fails halfway.
 */
export async function openUiWorkspace(prefix: string, fileName: string, text: string, parts: UiSuiteParts): Promise<UiWorkspace> {
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  parts.scratchDir = scratchDir;
  const folder = path.join(scratchDir, 'workspace');
  fs.cpSync(WORKSPACE_FIXTURE, folder, { recursive: true });
  fs.writeFileSync(path.join(folder, fileName), text);
  const ui = await openWorkbenchUi(folder, scratchDir);
  parts.ui = ui;
  await ui.page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).click({ timeout: 60_000 });
  return { ui, folder, scratchDir };
}
