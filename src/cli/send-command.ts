import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isExchangeKept, sendChain, type StepSender } from '../core/chaining/chain-runner';
import { ExchangeStore } from '../core/chaining/exchange-store';
import { PrepareAhead } from '../core/chaining/prepare-ahead';
import type { PreparedSend } from '../core/send/prepare-send';
import { asWireError, type HttpWireError } from '../core/errors';
import { SecretMasker } from '../core/secret-masker';
import type { HttpFile, HttpRequest } from '../core/http-file/model';
import { parseHttpFile } from '../core/http-file/parse';
import { findRequestAt } from '../core/http-file/request-at';
import { requestLabelOf, sendContextOf } from '../core/send/send-context';
import { clientDefaultsFrom, sendDefaultsFrom, type SendSettings } from '../core/send/send-settings';
import { HttpClient } from '../core/wire/client';
import type { TlsOptions } from '../core/wire/connect';
import { CookieStore } from '../core/wire/cookies';
import { proxySettingsFromEnv } from '../core/wire/proxy';
import { SendLine } from '../core/wire/send-line';
import type { WireRequest } from '../core/wire/wire-request';
import { parseArgs, UsageError } from './args';
import { ENVIRONMENT_BOOLEAN_FLAGS, ENVIRONMENT_REPEATABLE_FLAGS, ENVIRONMENT_VALUED_FLAGS, variablesFromFlags } from './environment-flags';
import type { BodyMode } from './json-result';
import type { Printer } from './print-response';
import { readFileNamed } from './read-file';
import { sendOutput, type RequestRef, type SentExchange } from './send-output';
import { FileWarnings } from './file-warnings';
import { onStopSignal } from './process-end';
import { skippedBlocksNote } from './skipped-blocks';

const VALUED = ['name', 'line', 'timeout', 'max-redirects', 'body', 'max-body', 'connect-to', 'capture-limit', 'cacert', 'cert', 'key', 'pfx', 'passphrase', 'proxy-cacert', ...ENVIRONMENT_VALUED_FLAGS];
const BOOLEANS = ['all', 'json', 'include', 'insecure', 'proxy-insecure', 'show-secrets', 'fail', 'strict', ...ENVIRONMENT_BOOLEAN_FLAGS];

/** The request as the output names it (see RequestRef). */
function refOf(request: HttpRequest): RequestRef {
  return { label: requestLabelOf(request), name: request.name, line: request.requestLine.line, method: request.requestLine.method, url: request.requestLine.url };
}

function selectRequests(file: HttpFile, flags: Map<string, string | true>, filePath: string): HttpRequest[] {
  const name = flags.get('name');
  const line = flags.get('line');
  const chosen = [flags.has('all'), name !== undefined, line !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('use only one of --name, --line and --all');
  // An empty run would pass in CI whatever the file holds (a wrong path, a file of variables only).
  if (file.requests.length === 0) throw new UsageError(`${filePath} has no requests`);
  if (flags.has('all')) return [...file.requests];
  if (typeof name === 'string') {
    const found = file.requests.find((r) => r.name === name);
    if (!found) throw new UsageError(`no request named "${name}" in ${filePath}`);
    return [found];
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

/** A host of --connect-to: a name, an IPv4 address, or an IPv6 address in brackets (as in URLs). */
const CONNECT_TO_HOST = String.raw`(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)`;
const CONNECT_TO_ENTRY = new RegExp(`^${CONNECT_TO_HOST}:(\\d+):${CONNECT_TO_HOST}:(\\d+)$`);

/**
 * `HOST:PORT:HOST2:PORT2[,…]`: connect to HOST2:PORT2 for URLs of HOST:PORT (curl's --connect-to).
 * IPv6 addresses are written in brackets (`[::1]:8443`); the map holds them without.
 */
function parseConnectTo(value: string | undefined): Map<string, { host: string; port: number }> | undefined {
  if (value === undefined) return undefined;
  const unbracket = (host: string): string => (host.startsWith('[') ? host.slice(1, -1) : host);
  const map = new Map<string, { host: string; port: number }>();
  for (const entry of value.split(',')) {
    const m = CONNECT_TO_ENTRY.exec(entry.trim());
    if (!m) throw new UsageError(`--connect-to expects HOST:PORT:HOST2:PORT2 (IPv6 in brackets), got "${entry}"`);
    map.set(`${unbracket(m[1]!)}:${m[2]}`, { host: unbracket(m[3]!), port: Number(m[4]) });
  }
  return map;
}

const PEM_CERTIFICATE = /-----BEGIN (?:TRUSTED |X509 )?CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/;

function readFlagFile(flags: Map<string, string | true>, name: string): Buffer | undefined {
  const file = flags.get(name);
  return typeof file === 'string' ? readFileNamed(file) : undefined;
}

/** `--cacert` or `--proxy-cacert`: PEM certificates, refused with a way out when they are not. */
function caFromFlag(flags: Map<string, string | true>, name: 'cacert' | 'proxy-cacert'): Buffer | undefined {
  const ca = readFlagFile(flags, name);
  if (ca !== undefined && !PEM_CERTIFICATE.test(ca.toString('latin1'))) {
    throw new UsageError(`--${name} ${String(flags.get(name))} holds no PEM certificate (-----BEGIN CERTIFICATE-----); a DER file converts with: openssl x509 -inform der -in FILE -out FILE.pem`);
  }
  return ca;
}

/**
 * `--cacert`, `--cert`, `--key`, `--pfx`, `--passphrase`: TLS material for every server of this
 * run (not for an https:// proxy: --proxy-cacert, as in curl).
 */
function tlsFromFlags(flags: Map<string, string | true>): Partial<TlsOptions> | undefined {
  const read = (name: string): Buffer | undefined => readFlagFile(flags, name);
  // Refused here, as curl does, rather than a handshake that fails without saying why.
  if (flags.has('pfx') && (flags.has('cert') || flags.has('key'))) throw new UsageError('--pfx holds the certificate and its key: give it without --cert and --key');
  const cert = read('cert');
  // A --cert file may hold its key too (curl accepts it so); else --key gives it.
  const key = read('key') ?? (cert !== undefined && PEM_KEY.test(cert.toString('latin1')) ? cert : undefined);
  if (cert !== undefined && key === undefined) throw new UsageError('--cert needs --key, unless the --cert file holds the key too (or give both in one --pfx file)');
  if (key !== undefined && cert === undefined) throw new UsageError('--key needs --cert');
  const ca = caFromFlag(flags, 'cacert');
  const tls: Partial<TlsOptions> = {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(flags.has('pfx') ? { pfx: read('pfx') } : {}),
    ...(typeof flags.get('passphrase') === 'string' ? { passphrase: flags.get('passphrase') as string } : {}),
  };
  return Object.keys(tls).length > 0 ? tls : undefined;
}

function numberFlag(flags: Map<string, string | true>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number`);
  return n;
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
  const maxRedirects = numberFlag(args.flags, 'max-redirects');
  const timeout = numberFlag(args.flags, 'timeout');
  const captureLimit = numberFlag(args.flags, 'capture-limit');
  const maxBody = numberFlag(args.flags, 'max-body');
  const proxyCa = caFromFlag(args.flags, 'proxy-cacert');
  // The same mapping as the editor's settings: one table from run settings to send options.
  const settings: SendSettings = {
    ...(captureLimit !== undefined ? { captureLimitBytes: captureLimit } : {}),
    ...(maxBody !== undefined ? { maxBodyBytes: maxBody } : {}),
    ...(maxRedirects !== undefined ? { maxRedirects } : {}),
    ...(timeout !== undefined ? { totalTimeoutMs: timeout } : {}),
    ...(args.flags.has('insecure') ? { verifyTls: false } : {}),
    tlsMaterial: tlsFromFlags(args.flags),
    ...(proxyCa !== undefined ? { proxyCa } : {}),
    // curl's --proxy-insecure: the https:// proxy's certificate is not checked (the servers' still are).
    ...(args.flags.has('proxy-insecure') ? { proxySources: [{ strictSSL: false }] } : {}),
    envProxy: proxySettingsFromEnv(process.env),
  };
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
  /** Requests sent whose checks or scripts were not run, each once (--strict fails the run on any). */
  const skippedChecks = new Set<HttpRequest>();
  const variables = await variablesFromFlags(args.flags, args.lists, filePath, process.cwd(), masker);
  // After the environments: their secrets are known to the masker.
  const warnings = new FileWarnings(file, filePath, (line) => log(masker.maskText(line)));
  warnings.printOutside();
  // File variables win over --var, as over environments (REST Client's order): a CI job that
  // points --var host at staging while the file says @host = localhost must hear of it.
  for (const name of new Set(args.lists.get('var')?.map((entry) => entry.slice(0, entry.indexOf('=')).trim()) ?? [])) {
    const defined = [...file.variables].reverse().find((v) => v.name === name);
    if (defined !== undefined) log(masker.maskText(`http-wire: --var ${name} is not used: ${filePath} defines @${name} (line ${defined.line + 1}), and a file variable wins`));
  }
  // This run is the session of request chaining: `{{login.response...}}` reads what `login` got in it.
  const store = new ExchangeStore();
  const context = sendContextOf(file, { baseDir: path.dirname(path.resolve(filePath)), workspaceDir: process.cwd(), baseOptions: base, variables: { ...variables, requests: store, secrets: masker }, isRestricted: args.flags.has('untrusted') });
  let failed = 0;
  /** Requests sent in this run: with --all, one already sent as another's dependency is not sent again. */
  const sent = new Set<HttpRequest>();
  let sends = 0;
  // The next request of --all is prepared while this one is on the wire (see PrepareAhead) and,
  // when the output allows it, given to the line then: it goes out the moment this one's answer
  // has come (see SendLine). Only a request prepared ahead is given early: nothing this answer
  // brings can change it, and it is the next step (it depends on no request's answer).
  const ahead = new PrepareAhead(file, context, variables.environment ?? new Map<string, string>());
  const line = new SendLine(client);
  let early: { readonly request: HttpRequest; readonly answer: Promise<SentExchange> } | undefined;
  let position = 0;
  /** The next request the loop will send: the first after the current one not sent already as a dependency. */
  const upcoming = (): HttpRequest | undefined => {
    for (let i = position + 1; i < requests.length; i++) if (!sent.has(requests[i]!)) return requests[i];
    return undefined;
  };
  const prepareNext = (): void => {
    const next = upcoming();
    const giveEarly = (prepared: PreparedSend): void => {
      // `# @sleep` waits when its turn comes, after the answer before it.
      if (next === undefined || prepared.delayMs > 0 || early !== undefined || !output.mayStartEarly()) return;
      masker.addUrlCredentials(prepared.wire.url);
      const answer = output.send(line, prepared.wire, prepared.options, refOf(next), isExchangeKept(file, next));
      // Its failure is reported when its turn comes (the sender's catch); until then it is not unhandled.
      answer.catch(() => undefined);
      early = { request: next, answer };
    };
    ahead.startSoon(next, giveEarly);
  };
  // Ctrl-C, kill, a hang-up: nothing more is sent (the one in flight is dropped) or written; the
  // process dies once stdout is flushed (see cleanUpAtEnd).
  let isStopped = false;
  const unhookStop = onStopSignal(() => {
    isStopped = true;
    ahead.dispose();
    line.close();
    client.close();
  });
  const heading = (label: string, note = ''): void => {
    // A label is the request line when the request has no name: its URL may hold a password.
    if (!isJson && (requests.length > 1 || sends > 0 || note !== '')) printer.out(masker.maskText(`${sends > 0 ? '\n' : ''}### ${label}${note}\n`));
  };
  try {
    // One sender for the run (not one per request): `target` is the request the chain is for.
    let target: HttpRequest | undefined;
    const sender: StepSender = {
      send: async (step) => {
        if (isStopped) return { outcome: 'cancelled' };
        const { request } = step;
        const label = requestLabelOf(request);
        heading(label, step.isTarget ? '' : ` (sent first: "${requestLabelOf(target ?? request)}" uses its answer)`);
        warnings.printFor(request);
        sends++;
        sent.add(request);
        let wire: WireRequest | undefined;
        try {
          // A send given early is the next step (see prepareNext); were it not, it stays for its turn.
          const given = early?.request === request ? early : undefined;
          if (given !== undefined) early = undefined;
          const prepared = await ahead.take(request);
          wire = prepared.wire;
          masker.addUrlCredentials(wire.url);
          // `# @sleep` waits after preparing: a request that cannot be prepared fails without the wait.
          if (given === undefined && prepared.delayMs > 0) await delay(prepared.delayMs);
          // The next one is prepared after this turn, once this request is written (or given to the line).
          if (step.isTarget) prepareNext();
          const answer = await (given?.answer ?? output.send(line, wire, prepared.options, refOf(request), step.keepExchange));
          if (!answer.isDecoded) failed++;
          // curl's --fail: an error status fails the run (exit 1), for CI.
          if (isFailOnStatus && answer.status >= 400) {
            failed++;
            log(masker.maskText(`http-wire: ${label}: HTTP ${answer.status} ${answer.reason} (--fail)`));
          }
          const skipped = skippedBlocksNote(request, isFailOnStatus);
          // Once per request, however often it is sent (# @forceRef).
          if (skipped !== undefined && !skippedChecks.has(request)) {
            skippedChecks.add(request);
            log(masker.maskText(`http-wire: ${label}: ${skipped}`));
          }
          return { outcome: 'answered', ...(answer.exchange !== undefined ? { exchange: answer.exchange } : {}) };
        } catch (err) {
          if (isStopped) return { outcome: 'cancelled' };
          failed++;
          const error = asWireError(err);
          await output.failure(error, wire, refOf(request));
          return { outcome: 'failed', error };
        }
      },
      notSent: async (request, error) => {
        if (isStopped) return;
        const label = requestLabelOf(request);
        heading(label);
        warnings.printFor(request);
        sends++;
        sent.add(request);
        failed++;
        await output.failure(error, undefined, refOf(request));
      },
    };
    const runFailures = new Map<HttpRequest, HttpWireError>();
    for (; position < requests.length && !isStopped; position++) {
      const request = requests[position]!;
      if (sent.has(request)) continue;
      target = request;
      await sendChain(file, request, store, sender, { runFailures, environment: variables.environment });
    }
  } finally {
    unhookStop();
    ahead.dispose();
    line.close();
    client.close();
  }
  await output.end();
  // --strict: a file not read as written, or checks that did not run, fail the run (exit 1).
  if (isStrict && (warnings.count > 0 || skippedChecks.size > 0)) {
    log(`http-wire: --strict: ${warnings.count} warning(s) in ${filePath}, ${skippedChecks.size} request(s) with checks not run`);
    failed++;
  }
  return failed > 0 ? 1 : 0;
}
