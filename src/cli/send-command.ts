import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExchangeStore } from '../core/chaining/exchange-store';
import type { HttpFile, HttpRequest } from '../core/http-file/model';
import { parseHttpFile } from '../core/http-file/parse';
import { findRequestAt } from '../core/http-file/request-at';
import { ErrorCodes } from '../core/errors';
import { SecretMasker } from '../core/secret-masker';
import { sendContextOf } from '../core/send/send-context';
import { clientDefaultsFrom, sendDefaultsFrom } from '../core/send/send-settings';
import { HttpClient } from '../core/wire/client';
import { CookieStore } from '../core/wire/cookies';
import { parseArgs, UsageError } from './args';
import { ENVIRONMENT_BOOLEAN_FLAGS, ENVIRONMENT_REPEATABLE_FLAGS, ENVIRONMENT_VALUED_FLAGS, variablesFromFlags, warnShadowedVars } from './environment-flags';
import { FileWarnings } from './file-warnings';
import { onStopSignal } from './process-end';
import { JunitReport } from './junit-report';
import type { BodyMode } from './json-result';
import type { Printer } from './print-response';
import { readFileNamed } from './read-file';
import { parseConnectTo, SEND_SETTING_FLAGS, sendSettingsFromFlags } from './send-flags';
import { sendOutput } from './send-output';
import { SendRun } from './send-run';
import type { RunTally } from '../core/send/run-tally';

const VALUED = ['name', 'line', 'body', 'junit', ...SEND_SETTING_FLAGS, ...ENVIRONMENT_VALUED_FLAGS];
const BOOLEANS = ['all', 'json', 'include', 'insecure', 'proxy-insecure', 'show-secrets', 'fail', 'strict', ...ENVIRONMENT_BOOLEAN_FLAGS];

function selectRequests(file: HttpFile, flags: Map<string, string | true>, filePath: string): HttpRequest[] {
  const name = flags.get('name');
  const line = flags.get('line');
  const chosen = [flags.has('all'), name !== undefined, line !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('use only one of --name, --line and --all');
  // An empty run would pass in CI whatever the file holds (a wrong path, a file of variables only).
  if (file.requests.length === 0) throw new UsageError(`${filePath} has no requests`);
  if (flags.has('all')) return [...file.requests];
  if (typeof name === 'string') {
    const found = file.requests.filter((r) => r.name === name);
    if (found.length === 0) throw new UsageError(`no request named "${name}" in ${filePath}${namesOf(file)}`);
    // Which one was meant cannot be told: sending the first without a word sent the wrong one.
    if (found.length > 1) throw new UsageError(`${found.length} requests of ${filePath} are named "${name}" (lines ${found.map((r) => r.requestLine.line + 1).join(', ')}): choose one with --line`);
    return [found[0]!];
  }
  if (typeof line === 'string') {
    const n = Number(line);
    if (!Number.isInteger(n) || n < 1) throw new UsageError('--line takes a line number from 1');
    const found = findRequestAt(file, n - 1);
    if (!found) throw new UsageError(`no request at line ${n} of ${filePath}`);
    return [found];
  }
  if (file.requests.length === 1) return [file.requests[0]!];
  throw new UsageError(`${filePath} has ${file.requests.length} requests: choose one with --name or --line, or send them all with --all`);
}

/** `: its names are "login", "me"` (the first ten), or what to do when it has none. */
function namesOf(file: HttpFile): string {
  const names = [...new Set(file.requests.flatMap((r) => (r.name === undefined ? [] : [r.name])))];
  if (names.length === 0) return ': its requests have no names (# @name or ### title); choose one with --line';
  return `: its names are ${names.slice(0, 10).map((n) => `"${n}"`).join(', ')}${names.length > 10 ? `, and ${names.length - 10} more` : ''}`;
}

/**
 * `http-wire send <file> [--name N | --line L | --all] [--json] [--include] [--timeout MS]
 * [--max-redirects N] [--insecure] [--body full|digest] [--max-body BYTES]
 * [--connect-to H:P:H2:P2] [--cacert F] [--cert F --key F | --pfx F] [--passphrase P]
 * [--proxy-cacert F] [--proxy-insecure] [--fail] [--strict]
 * [--capture-limit BYTES] [--show-secrets] [--env NAME] [--var name=value]... [--environment-file F]
 * [--private-env-file F] [--untrusted]`. Exit 0 when every request got a response, 1 when one
 * failed (or, with --fail, got a 4xx or 5xx answer; with --strict, on a warning or a check not
 * run). The file's warnings and checks kept but not run (`??`, `> {% %}`) are named on stderr.
 * Proxy credentials, URL passwords and secret environment values print as *** unless
 * --show-secrets. `--untrusted` applies the editor's Restricted Mode (see sendContextOf).
 */
export async function runSend(argv: readonly string[], printer: Printer, log: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, VALUED, BOOLEANS, ENVIRONMENT_REPEATABLE_FLAGS);
  const filePath = args.positionals[0];
  if (filePath === undefined || args.positionals.length > 1) throw new UsageError('send takes exactly one file');
  const bodyMode = (args.flags.get('body') ?? 'full') as BodyMode;
  if (bodyMode !== 'full' && bodyMode !== 'digest') throw new UsageError('--body is full or digest');
  const isJson = args.flags.has('json');
  const isFailOnStatus = args.flags.has('fail');
  const isStrict = args.flags.has('strict');
  const includeBytes = args.flags.has('include');
  const settings = sendSettingsFromFlags(args.flags, process.env);
  const base = sendDefaultsFrom(settings).options;
  const text = readFileNamed(filePath, 'utf8');
  const file = parseHttpFile(text);
  const requests = selectRequests(file, args.flags, filePath);
  const clientDefaults = clientDefaultsFrom(settings).options;
  const proxy = clientDefaults.proxy ?? {};
  const masker = args.flags.has('show-secrets') ? SecretMasker.revealing() : SecretMasker.create();
  for (const setting of [proxy.http, proxy.https]) if (setting !== undefined) masker.addUrlCredentials(setting);
  const passphrase = args.flags.get('passphrase');
  if (typeof passphrase === 'string') masker.addSecret(passphrase);
  const client = new HttpClient({
    cookies: new CookieStore(),
    ...clientDefaults,
    connectTo: parseConnectTo(args.flags.get('connect-to') as string | undefined),
  });
  const output = sendOutput(printer, isJson, bodyMode, includeBytes, log, masker);
  const variables = await variablesFromFlags(args.flags, args.lists, filePath, process.cwd(), masker);
  // After the environments: their secrets are known to the masker.
  const warnings = new FileWarnings(file, filePath, (line) => log(masker.maskText(line)));
  warnings.printOutside();
  warnShadowedVars(file, [...(args.lists.get('var') ?? []), ...(args.lists.get('private-var') ?? [])], filePath, (line) => log(masker.maskText(line)));
  const store = new ExchangeStore();
  const context = sendContextOf(file, { baseDir: path.dirname(path.resolve(filePath)), workspaceDir: process.cwd(), baseOptions: base, variables: { ...variables, requests: store, secrets: masker }, isRestricted: args.flags.has('untrusted') });
  const junitFile = junitFileOf(args.flags.get('junit'));
  const junit = junitFile !== undefined ? new JunitReport() : undefined;
  const started = performance.now();
  // A CI job cancelled (SIGTERM, Ctrl-C) still gets the report of what ran, with the stop as a failed case.
  const unhookJunitStop =
    junit !== undefined && junitFile !== undefined
      ? onStopSignal((signal) => {
          junit.add({ name: 'run stopped', timeMs: 0, failure: { type: ErrorCodes.aborted, message: `Stopped by ${signal}: the requests after the cases above were not sent.` } });
          writeJunit(junit, junitFile, filePath, started, log, masker);
        })
      : () => undefined;
  let run: Awaited<ReturnType<SendRun['run']>>;
  try {
    run = await new SendRun({ file, requests, client, output, context, store, environment: variables.environment, masker, warnings, printer, log, isJson, isFailOnStatus, isStrict, ...(junit !== undefined ? { junit } : {}) }).run();
  } finally {
    unhookJunitStop();
  }
  const { failed, skippedChecks, tally } = run;
  // --strict: a file not read as written, or checks that did not run, fail the run (exit 1).
  const isStrictFailure = isStrict && (warnings.count > 0 || skippedChecks > 0);
  let exitCode = failed > 0 || isStrictFailure ? 1 : 0;
  await output.end({ ...tally.counts(), checksNotRun: skippedChecks, fileWarnings: warnings.count, exitCode });
  // After the output is whole: a report that cannot be written must not break the JSON document.
  if (junit !== undefined && junitFile !== undefined) {
    // The file's warnings fail a --strict run: the report fails with it, in a case of their own.
    if (isStrict && warnings.count > 0) junit.add({ name: `${path.basename(filePath)}: warnings`, timeMs: 0, failure: { type: 'warnings', message: `${warnings.count} warning(s) in ${filePath} (--strict); they are on stderr` } });
    if (!writeJunit(junit, junitFile, filePath, started, log, masker)) exitCode = 1;
  }
  if (isStrictFailure) log(`http-wire: --strict: ${warnings.count} warning(s) in ${filePath}, ${skippedChecks} request(s) with checks not run`);
  // A run of several requests ends with how they went: a CI log scrolls past a failure in the middle.
  if (requests.length > 1) log(runSummary(tally, path.basename(filePath), requests.length, performance.now() - started, skippedChecks));
  return exitCode;
}

/**
 * The `--junit` file, refused before anything is sent when it cannot be: `-` (stdout carries the
 * results), or a folder that does not exist or cannot be written.
 */
function junitFileOf(value: string | boolean | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === '-') throw new UsageError('--junit takes a file name: stdout carries the results');
  const folder = path.dirname(path.resolve(value));
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new UsageError(`--junit ${value}: the folder ${folder} does not exist or cannot be written`);
  }
  return value;
}

/** Writes the report; false (said on stderr) when it cannot be written. */
function writeJunit(junit: JunitReport, junitFile: string, filePath: string, started: number, log: (s: string) => void, masker: SecretMasker): boolean {
  try {
    fs.writeFileSync(junitFile, junit.toXml(filePath, performance.now() - started));
    return true;
  } catch (err) {
    log(masker.maskText(`http-wire: the JUnit report could not be written to ${junitFile}: ${(err as Error).message}`));
    return false;
  }
}

/** `http-wire: api.http: 6 requests in 1.2 s: 5 answered 2xx/3xx, 1 failed (HW_CONNECT_REFUSED); 2 with checks not run.` */
function runSummary(tally: RunTally, fileName: string, total: number, elapsedMs: number, skippedChecks: number): string {
  const sentence = tally.summary(`http-wire: ${fileName}`, total, elapsedMs, false);
  if (skippedChecks === 0) return sentence;
  return `${sentence.slice(0, -1)}; ${skippedChecks} with checks HTTP Wire does not run (named above; --strict fails the run on them).`;
}
