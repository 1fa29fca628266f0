import { errorClassOf, ErrorCodes, HttpWireError } from '../core/errors';
import { maskUrlPasswords } from '../core/secret-masker';
import { UsageError } from './args';
import { parseErrorDocument, runParse } from './parse-command';
import { runSend } from './send-command';
import { cleanUpAtEnd, stopSignal } from './process-end';
import { version } from '../../package.json';

const USAGE = `Usage: http-wire <command> [options]

Commands (<file> may be - for stdin):
  parse <file> [--json]   Show the requests, variables and diagnostics of a .http file.
  send <file> [--name N | --line L | --all] [--json] [--include] [--timeout MS]
       [--max-redirects N] [--insecure] [--body full|digest] [--max-body BYTES]
       [--connect-to H:P:H2:P2] [--cacert FILE] [--cert FILE --key FILE | --pfx FILE]
       [--passphrase P] [--proxy-cacert FILE] [--proxy-insecure] [--capture-limit BYTES]
       [--fail] [--strict] [--junit FILE] [--show-secrets] [--env NAME] [--var name=value]...
       [--private-var name=value]... [--environment-file F] [--private-env-file F] [--untrusted]
                          Send requests over HTTP Wire's own HTTP/1.1 client and print the
                          responses like curl -i (or one JSON document with --json). Bodies
                          stream to stdout (to a file or pipe as received); --body digest
                          prints their SHA-256 instead;
                          --max-body stops a larger body (default 1 GiB, decoded size too).
                          --timeout MS limits each whole send, redirects included (curl's
                          --max-time); a request's # @timeout MS limits the wait for the
                          headers, then between two pieces of the body.
                          --cacert and the client certificate are for the servers; an
                          https:// proxy (HTTPS_PROXY) is verified with --proxy-cacert or the
                          default roots (--proxy-insecure: not at all), as curl does.
                          --fail: a 4xx or 5xx answer fails the run. The file's warnings
                          (FILE:LINE:COL: warning: ...) and checks HTTP Wire does not run
                          (?? assertions, > {% %} handlers) are named on stderr; --strict
                          fails the run on any of them. A run of several requests ends with
                          a line on stderr saying how they went (in --json also as "summary").
                          --junit FILE writes a JUnit XML report, a case per request, failed
                          as the run counts it (for CI test views), also when the run is
                          stopped (SIGTERM, Ctrl-C): the stop is a failed case.
                          Proxy credentials, URL passwords and secret environment values
                          show as *** unless --show-secrets.
                          Environments: http-client.env.json and http-client.private.env.json
                          from the file's folder up to the current folder, and
                          httpWire.environmentVariables (else rest-client.environmentVariables)
                          in .vscode/settings.json; --env picks one, --environment-file (ijhttp's
                          --env-file, which Node may take for its own) and --private-env-file
                          read those files instead, --var sets a variable
                          (and answers the # @prompt of that name), masked when a private
                          env file defines that name; --private-var sets one whose value is
                          always masked (a CI secret). --untrusted refuses
                          $processEnv, $dotenv and files outside the current folder.
  --version               Print HTTP Wire's version.

Exit status: 0 when all went well, 1 when parse finds an error in the file, or a request sent
could not be prepared (an error in its lines, a variable with no value) or failed (with --fail, also a 4xx or 5xx answer; with --strict,
also a warning of the file or of a request sent, or a check not run), 2 for bad usage, 130 and 143 when stopped
by SIGINT and SIGTERM, 141 when the output was closed (| head).`;

/**
 * The reader of our output went away (`http-wire send … | head`): stop at once and quietly, as a
 * tool killed by SIGPIPE would (status 141), rather than crash on an unhandled EPIPE with a stack
 * trace or go on sending requests whose answers nobody reads. Temporary files go on 'exit'.
 */
function stopWhenOutputCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') process.stderr.write(`http-wire: cannot write the output: ${err.message}\n`);
    process.exit(err.code === 'EPIPE' ? 141 : 1);
  });
  // Messages to a closed stderr (`2>&1 | head`, a closed descriptor) are lost, not a crash.
  process.stderr.on('error', () => undefined);
}

/**
 * libuv runs getaddrinfo on its thread pool, of 4 threads unless UV_THREADPOOL_SIZE says
 * otherwise, and a lookup that hangs (a resolver that never answers: 5 s per try and server, often
 * 30 s in all) holds its thread long after --timeout has given up on it: only the wait can be
 * stopped, not the lookup. Four of them in one `--all` run would leave no thread for the next
 * request's lookup, which would time out too. libuv reads the variable when the pool starts, on
 * its first use, so this runs first thing; a size the user chose is kept.
 */
function widenThreadPool(): void {
  process.env.UV_THREADPOOL_SIZE ??= '16';
}

/**
 * Ends the process with `code` once stdout and stderr have written all they were given, rather
 * than when the event loop drains: the run is over, and whatever may still keep the loop alive (a
 * wait that was given up on) is not ours to wait for. An empty write's callback runs after the
 * writes before it are out, which on a pipe whose reader is slow is when it has read them.
 * Temporary files are deleted on 'exit', which process.exit emits. A lookup still hung in
 * getaddrinfo holds even process.exit, whose libuv shutdown joins the pool's threads.
 */
function exitWhenFlushed(code: number): void {
  // Stopped by a signal: the process dies of it once stdout is flushed (see cleanUpAtEnd).
  if (stopSignal() !== undefined) return;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  // A stdout that fails instead (its reader went away) exits through its 'error' listener, 141.
  process.stdout.write('', (err) => {
    if (!err) done();
  });
  // What stderr could not write is lost either way (see stopWhenOutputCloses).
  process.stderr.write('', done);
}

/** A file the run could not read (the .http file, a --cacert, an env file read here): not found, a folder, no permission. */
function isFileError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException;
  return typeof e?.code === 'string' && typeof e.path === 'string' && typeof e.syscall === 'string';
}

/** What a file error says: `no such file: F`, `F is a folder, not a file`, `cannot read F: permission denied`. */
function fileErrorMessage(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return `no such file: ${e.path}`;
  if (e.code === 'EISDIR') return `${e.path} is a folder, not a file`;
  if (e.code === 'EACCES' || e.code === 'EPERM') return `cannot read ${e.path}: permission denied`;
  return `cannot read ${e.path}: ${e.message}`;
}

function runErrorJson(err: unknown, message: string): object {
  if (err instanceof UsageError) return { class: 'usage', code: null, message };
  const code = err instanceof HttpWireError ? err.code : isFileError(err) ? ErrorCodes.file : undefined;
  return { class: code === undefined ? 'other' : errorClassOf(code), code: code ?? null, message };
}

/**
 * What --json promises when the run stops before it has anything to report (bad usage, no such
 * file, a broken env file, an unknown --env): still one document, of the command's own shape,
 * saying why it is empty, so that a program piping it into jq has something to read.
 */
function errorDocument(command: string | undefined, error: object): string | undefined {
  if (command === 'send') return `${JSON.stringify({ results: [], error })}\n`;
  if (command === 'parse') return parseErrorDocument(error);
  return undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  widenThreadPool();
  stopWhenOutputCloses();
  const [command, ...rest] = argv;
  const write = (s: string): void => void process.stdout.write(s);
  // Help asked for after a command (`send --help`) is an answer, not a usage error.
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    write(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'parse':
        return runParse(rest, write);
      case 'send': {
        const isTty = process.stdout.isTTY === true;
        const printer = { isTty, isColor: isTty && !process.env.NO_COLOR, out: (s: string | Buffer) => void process.stdout.write(s), stream: process.stdout };
        cleanUpAtEnd();
        return await runSend(rest, printer, (s) => void process.stderr.write(`${s}\n`));
      }
      case '--version':
      case '-V':
      case 'version':
        write(`http-wire ${version} (Node ${process.version})\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    const isUsage = err instanceof UsageError;
    const e = err as NodeJS.ErrnoException;
    const message = maskUrlPasswords(isFileError(err) ? fileErrorMessage(err) : e.message);
    // One line: the whole usage after it buried the error a CI log is read for.
    process.stderr.write(isUsage ? `http-wire: ${message}\nRun "http-wire --help" for the commands and their options.\n` : `http-wire: ${message}\n`);
    const document = rest.includes('--json') ? errorDocument(command, runErrorJson(err, message)) : undefined;
    if (document !== undefined) write(document);
    return isUsage ? 2 : 1;
  }
}

void main(process.argv.slice(2)).then(exitWhenFlushed);
