/**
 * Restricted Mode (issue 12, item 7): in an untrusted workspace (the editor) or with `--untrusted`
 * (the CLI), `sendContextOf({ isRestricted: true })` refuses `$processEnv`, `$dotenv` and included
 * files outside the workspace with HW_RESTRICTED and a message saying why; everything else works.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes } from '../../../src/core/errors';
import { parseHttpFile } from '../../../src/core/http-file/parse';
import { prepareSend } from '../../../src/core/send/prepare-send';
import { sendContextOf } from '../../../src/core/send/send-context';
import type { WireRequest } from '../../../src/core/wire/wire-request';
import { rejection } from '../../support/rejection';
import { lines } from '../http-file/helpers';
import { fixedInputs } from '../variables/support';

let tmp: string;
let workspace: string;
let outside: string;

function prepare(text: string, isRestricted: boolean): Promise<WireRequest> {
  const file = parseHttpFile(text);
  const variables = fixedInputs({ environment: new Map([['host', 'http://api.test']]) });
  return prepareSend(file, file.requests[0]!, sendContextOf(file, { baseDir: path.join(workspace, 'requests'), workspaceDir: workspace, baseOptions: {}, variables, isRestricted })).then((p) => p.wire);
}

function bodyText(req: WireRequest): string {
  return Buffer.concat(req.body.map((p) => (p.type === 'bytes' ? p.bytes : fs.readFileSync(p.path)))).toString('utf8');
}

describe('send: Restricted Mode (issue 12, item 7)', () => {
  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-restricted-')));
    workspace = path.join(tmp, 'workspace');
    outside = path.join(tmp, 'outside');
    fs.mkdirSync(path.join(workspace, 'requests'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(workspace, 'requests', 'body.json'), '{"in": true}');
    fs.writeFileSync(path.join(workspace, 'shared.json'), '{"shared": true}');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'ssh-key');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(workspace, 'link.txt'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const refused: Array<{ name: string; text: string; want: RegExp }> = [
    { name: '$processEnv', text: lines('GET {{host}}/?t={{$processEnv API_TOKEN}}'), want: /\{\{\$processEnv API_TOKEN\}\} in the URL \(line 1\) is refused in Restricted Mode: the workspace is not trusted, and a request from it may not read the process environment \(\$processEnv\); trust the workspace to allow it \(in the CLI, run without --untrusted\); nothing was sent\./ },
    { name: '$processEnv %name', text: lines('@tokenName = API_TOKEN', 'GET {{host}}/', 'X-T: {{$processEnv %tokenName}}'), want: /is refused in Restricted Mode.*process environment/ },
    { name: '$dotenv', text: lines('GET {{host}}/', 'X-User: {{$dotenv DB_USER}}'), want: /\{\{\$dotenv DB_USER\}\} in the header X-User.* is refused in Restricted Mode: .* \.env files \(\$dotenv\)/ },
    { name: 'an absolute include outside the workspace', text: lines('POST {{host}}/', '', '< OUTSIDE/secret.txt'), want: /includes ".*secret\.txt" \(line 3\), which is outside the workspace: Restricted Mode refuses files outside an untrusted workspace/ },
    { name: 'a relative include that climbs out', text: lines('POST {{host}}/', '', '< ../../outside/secret.txt'), want: /which is outside the workspace/ },
    { name: 'a link inside the workspace to a file outside', text: lines('POST {{host}}/', '', '< ../link.txt'), want: /includes "\.\.\/link\.txt" .* outside the workspace/ },
    { name: 'a <@ include outside', text: lines('POST {{host}}/', '', '<@ OUTSIDE/secret.txt'), want: /outside the workspace/ },
  ];
  for (const row of refused) {
    it(`issue 12, item 7: ${row.name} is refused with HW_RESTRICTED, saying why`, async () => {
      const err = await rejection(prepare(row.text.replace('OUTSIDE', outside), true));
      assert.equal(err.code, ErrorCodes.restricted, err.message);
      assert.match(err.message, row.want);
    });
    it(`issue 12, item 7: ${row.name} works in a trusted workspace`, async () => {
      await prepare(row.text.replace('OUTSIDE', outside), false);
    });
  }

  it('issue 12, item 7: everything else works: environment and system variables, includes inside the workspace', async () => {
    const wire = await prepare(lines('POST {{host}}/{{$randomInt 1 2}}', 'X-Id: {{$guid}}', '', '< body.json'), true);
    assert.equal(wire.url.href, 'http://api.test/1');
    assert.equal(bodyText(wire), '{"in": true}');
    const shared = await prepare(lines('POST {{host}}/', '', '< shared.json'), true);
    assert.equal(bodyText(shared), '{"shared": true}', 'relative to the workspace, as when trusted');
  });
});
