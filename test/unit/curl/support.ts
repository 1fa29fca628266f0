import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import type { HttpFile } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { prepareSend, type PreparedSend } from '../../../src/core/send/prepare-send';
import { sendContextOf } from '../../../src/core/send/send-context';
import { RawServer, onRequests } from '../../support/raw-server';

/** The first request of `text`, prepared as the editor prepares it (file variables, default headers). */
export async function prepareFirst(text: string, baseDir = os.tmpdir()): Promise<{ file: HttpFile; prepared: PreparedSend }> {
  const file = parseHttpFile(text);
  const request = file.requests[0];
  assert.ok(request, `no request in ${JSON.stringify(text)}`);
  return { file, prepared: await prepareSend(file, request, sendContextOf(file, { baseDir, baseOptions: {} })) };
}

/** A server on 127.0.0.1 that keeps the bytes of each request (head and Content-Length body) and answers 200. */
export async function recordingServer(): Promise<{ server: RawServer; requests: Buffer[] }> {
  const requests: Buffer[] = [];
  const server = await RawServer.start((socket) => {
    onRequests(socket, (head, body) => {
      requests.push(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]));
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      socket.end();
    });
  });
  return { server, requests };
}

/** True when a curl binary answers `curl --version` here. */
export function hasCurl(): Promise<boolean> {
  return new Promise((resolve) => execFile('curl', ['--version'], (err) => resolve(err === null)));
}

/** Runs `command` in bash (the `$'...'` quoting needs it) and resolves with its exit code and stderr. */
export function runInBash(command: string, cwd = os.tmpdir()): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', `${command} -s -o /dev/null`], { cwd, timeout: 15_000 }, (err, _stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stderr });
    });
  });
}
