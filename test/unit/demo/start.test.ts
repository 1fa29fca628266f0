/**
 * `npm start` (scripts/start.js): its options, and examples/demo-server.http, the file it opens in
 * the editor, which must send the seed's requests to the demo server on the default port.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VariableExpander } from '../../../src/core/http-file/file-variables';
import type { HttpFile, HttpRequest } from '../../../src/core/http-file/model';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { prepareSend } from '../../../src/core/send/prepare-send';
import { DEFAULT_DEMO_PORT, DEFAULT_EDITOR_PORT, parseStartOptions, portTakenMessage } from '../../../src/demo/start-options';
import { bodyLength } from '../../../src/core/wire/wire-request';

const examplesDir = path.resolve(__dirname, '../../../../examples');
const readExample = (name: string): HttpFile => parseHttpFile(fs.readFileSync(path.join(examplesDir, name), 'utf8'));

describe('npm start: its options (issue 11, item 8)', () => {
  it('defaults to code-server on 8080 and the demo server on 8081, without --check', () => {
    assert.deepEqual(parseStartOptions([]), { editorPort: DEFAULT_EDITOR_PORT, demoPort: DEFAULT_DEMO_PORT, check: false, help: false });
    assert.equal(DEFAULT_EDITOR_PORT, 8080);
    assert.equal(DEFAULT_DEMO_PORT, 8081);
  });

  it('takes ports from --port N, --demo-port=N and the environment, the command line winning', () => {
    assert.deepEqual(parseStartOptions(['--port', '9000', '--demo-port=9001', '--check']), { editorPort: 9000, demoPort: 9001, check: true, help: false });
    const env = { HTTP_WIRE_PORT: '7000', HTTP_WIRE_DEMO_PORT: '7001' };
    assert.deepEqual(parseStartOptions([], env), { editorPort: 7000, demoPort: 7001, check: false, help: false });
    assert.equal(parseStartOptions(['--demo-port', '7100'], env).demoPort, 7100);
    assert.equal(parseStartOptions(['--port=0', '--demo-port=0']).editorPort, 0, '0 picks a free port, for both at once');
  });

  it('refuses a bad port, a missing value, an unknown option and one port for both servers, in one sentence each', () => {
    assert.throws(() => parseStartOptions(['--port', 'x']), /^Error: --port must be a port number from 0 to 65535, not "x"\.$/);
    assert.throws(() => parseStartOptions(['--demo-port=65536']), /--demo-port must be a port number/);
    assert.throws(() => parseStartOptions([], { HTTP_WIRE_PORT: '-1' }), /HTTP_WIRE_PORT must be a port number/);
    assert.throws(() => parseStartOptions(['--port']), /--port needs a port number after it\./);
    assert.throws(() => parseStartOptions(['--keep']), /Unknown option "--keep"/);
    assert.throws(() => parseStartOptions(['--port', '8081']), /cannot both listen on port 8081/);
  });

  it('says which option moves a server off a port that is taken', () => {
    assert.equal(
      portTakenMessage('the demo server', 8081, '--demo-port'),
      'Port 8081 on 127.0.0.1 is already in use, so the demo server cannot start there; stop what holds it or choose another port with `npm start -- --demo-port N`.',
    );
  });
});

describe('npm start: examples/demo-server.http points the seed requests at the demo server (issue 11, item 8)', () => {
  const demo = readExample('demo-server.http');
  const seed = readExample('a-typical-http-session.http');

  async function wireOf(request: HttpRequest) {
    const variables = new VariableExpander(new Map(demo.variables.map((v) => [v.name, v.value])));
    return (await prepareSend(demo, request, { variables, baseDir: examplesDir, userAgent: null, acceptEncoding: null, baseOptions: {} })).wire;
  }

  it('has the seed requests, same names, methods and paths, in the same order', () => {
    const shape = (f: HttpFile) => f.requests.map((r) => [r.name, r.requestLine.method, /\/[^ ]*$/.exec(r.requestLine.target.replace('{{host}}', ''))?.[0]]);
    assert.deepEqual(shape(demo), shape(seed));
    assert.equal(demo.requests.length, 4);
    assert.deepEqual(demo.diagnostics.filter((d) => d.severity === 'error'), []);
  });

  it(`sends every request to http://127.0.0.1:${DEFAULT_DEMO_PORT}, the demo server's default port`, async () => {
    for (const request of demo.requests) {
      const wire = await wireOf(request);
      assert.equal(wire.url.origin, `http://127.0.0.1:${DEFAULT_DEMO_PORT}`, request.name);
    }
  });

  it('keeps the seed details: Accept-Language: fr, the form with Content-Length 64 over 63 bytes, @no-redirect on the 301', async () => {
    const byName = (name: string) => demo.requests.find((r) => r.name === name)!;
    assert.ok((await wireOf(byName('home'))).headers.some(([name, value]) => name === 'Accept-Language' && value === 'fr'));
    const form = byName('contactForm');
    assert.ok(form.headers.some((h) => h.name === 'Content-Length' && h.value === '64'), 'the file keeps the seed\'s wrong 64');
    assert.equal(bodyLength((await wireOf(form)).body), 63);
    assert.ok(byName('moved').metadata.some((m) => m.key === 'no-redirect'));
  });
});
