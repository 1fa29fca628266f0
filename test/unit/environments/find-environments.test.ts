/**
 * Environments (issue 12, item 3): JetBrains' `http-client.env.json` and its private file found
 * from the `.http` file's folder up to the workspace root, `$shared` in both dialects, private
 * values over public ones and masked as secrets, REST Client's settings shape with
 * `{{$shared name}}`, and malformed files named with the line and column. Files are a map here
 * (the reader is injected); the CLI tests read real ones.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ErrorCodes } from '../../../src/core/errors';
import { isSecretName } from '../../../src/core/environments/environment-set';
import { foldersUpTo, loadEnvironments, PRIVATE_ENV_FILE, PUBLIC_ENV_FILE, type EnvironmentSources } from '../../../src/core/environments/find-environments';
import { parseJsonText } from '../../../src/core/environments/json-text';
import { findWorkspaceEnvironmentSetting } from '../../../src/core/environments/workspace-settings';
import type { ReadTextFile } from '../../../src/core/variables/dotenv';
import { rejection } from '../../support/rejection';

const ROOT = path.resolve('/repo');
const at = (...parts: string[]): string => path.join(ROOT, ...parts);

function files(map: Record<string, unknown>): ReadTextFile {
  return (file) => Promise.resolve(file in map ? (typeof map[file] === 'string' ? (map[file] as string) : JSON.stringify(map[file])) : undefined);
}

interface Row {
  readonly name: string;
  readonly files: Record<string, unknown>;
  readonly sources?: Partial<EnvironmentSources>;
  readonly env: string | undefined;
  readonly want: Record<string, string>;
  readonly secrets?: readonly string[];
  readonly names?: readonly string[];
}

const rows: Row[] = [
  {
    name: 'nested folders up to the root: the nearest folder wins, farther ones fill in',
    files: {
      [at(PUBLIC_ENV_FILE)]: { dev: { host: 'root-host', region: 'eu' } },
      [at('api', PUBLIC_ENV_FILE)]: { dev: { host: 'api-host' } },
      [at('api', 'v1', PUBLIC_ENV_FILE)]: { prod: { host: 'v1-prod' } },
    },
    env: 'dev',
    want: { host: 'api-host', region: 'eu' },
    names: ['dev', 'prod'],
  },
  {
    name: 'nothing above the root is read',
    files: { [path.join(path.dirname(ROOT), PUBLIC_ENV_FILE)]: { dev: { host: 'outside' } }, [at(PUBLIC_ENV_FILE)]: { dev: { region: 'eu' } } },
    env: 'dev',
    want: { region: 'eu' },
  },
  {
    name: 'a file outside the root reads only its own folder',
    files: { [path.resolve('/elsewhere', PUBLIC_ENV_FILE)]: { dev: { host: 'own' } }, [at(PUBLIC_ENV_FILE)]: { dev: { region: 'eu' } } },
    sources: { fromDir: path.resolve('/elsewhere') },
    env: 'dev',
    want: { host: 'own' },
  },
  {
    name: 'the private file overrides the public one, and its values are secrets',
    files: { [at('api', PUBLIC_ENV_FILE)]: { dev: { user: 'admin', password: 'changeme' } }, [at('api', PRIVATE_ENV_FILE)]: { dev: { password: 'pr1vate-pw', clientId: 'cid-9876' } } },
    env: 'dev',
    want: { user: 'admin', password: 'pr1vate-pw', clientId: 'cid-9876' },
    secrets: ['pr1vate-pw', 'cid-9876', 'changeme'],
  },
  {
    name: "JetBrains $shared: under every environment; the environment's own value wins; a private $shared beats the public one",
    files: {
      [at(PUBLIC_ENV_FILE)]: { $shared: { version: 'v1', lang: 'en', tier: 'free' }, dev: { lang: 'fr' } },
      [at(PRIVATE_ENV_FILE)]: { $shared: { tier: 'gold', version: 'v2' } },
    },
    env: 'dev',
    want: { version: 'v2', lang: 'fr', tier: 'gold' },
    secrets: ['gold', 'v2'],
    names: ['dev'],
  },
  {
    name: 'a public environment value beats a private $shared one',
    files: { [at(PUBLIC_ENV_FILE)]: { dev: { tier: 'dev-tier' } }, [at(PRIVATE_ENV_FILE)]: { $shared: { tier: 'shared-tier' } } },
    env: 'dev',
    want: { tier: 'dev-tier' },
  },
  {
    name: 'no environment chosen: only $shared applies',
    files: { [at(PUBLIC_ENV_FILE)]: { $shared: { version: 'v1' }, dev: { host: 'h' } } },
    env: undefined,
    want: { version: 'v1' },
  },
  {
    name: 'REST Client settings: $shared, and {{$shared name}} inside values',
    files: {},
    sources: { settings: { label: 'httpWire.environmentVariables', value: { $shared: { version: 'v2', host: 'shared-host' }, dev: { host: 'dev-host', path: '/api/{{$shared version}}/{{ $shared version }}', other: '{{$shared nope}}' } } } },
    env: 'dev',
    want: { version: 'v2', host: 'dev-host', path: '/api/v2/v2', other: '{{$shared nope}}' },
  },
  {
    name: 'env files win over the settings; names from both',
    files: { [at(PUBLIC_ENV_FILE)]: { dev: { host: 'file-host' } } },
    sources: { settings: { label: 'httpWire.environmentVariables', value: { dev: { host: 'setting-host', port: 8080 }, staging: { host: 's' } } } },
    env: 'dev',
    want: { host: 'file-host', port: '8080' },
    names: ['dev', 'staging'],
  },
  {
    name: 'numbers and booleans as their JSON text; objects ($schema, SSLConfiguration) left out',
    files: { [at(PUBLIC_ENV_FILE)]: { $schema: 'https://example.test/schema.json', dev: { port: 8080, debug: false, SSLConfiguration: { clientCertificate: 'c.pem' }, nothing: null } } },
    env: 'dev',
    want: { port: '8080', debug: 'false' },
    names: ['dev'],
  },
  {
    name: '--env-file and --private-env-file read those files instead of the ones found',
    files: {
      [at('api', PUBLIC_ENV_FILE)]: { dev: { host: 'found' } },
      [at('api', PRIVATE_ENV_FILE)]: { dev: { key: 'found-private' } },
      [at('ci', 'env.json')]: { dev: { host: 'given' } },
      [at('ci', 'private.json')]: { dev: { key: 'given-private' } },
    },
    sources: { envFile: at('ci', 'env.json'), privateEnvFile: at('ci', 'private.json') },
    env: 'dev',
    want: { host: 'given', key: 'given-private' },
    secrets: ['given-private'],
  },
];

describe('environments: discovery and merging (issue 12, item 3)', () => {
  for (const row of rows) {
    it(`issue 12, item 3: ${row.name}`, async () => {
      const set = await loadEnvironments({ fromDir: at('api', 'v1'), rootDir: ROOT, ...row.sources }, files(row.files));
      const chosen = set.choose(row.env);
      assert.deepEqual(Object.fromEntries(chosen.variables), row.want);
      if (row.secrets !== undefined) assert.deepEqual([...chosen.secrets].sort(), [...row.secrets].sort());
      if (row.names !== undefined) assert.deepEqual(set.names(), row.names);
    });
  }

  it('issue 12, item 3: the folders searched, nearest first, stop at the root', () => {
    assert.deepEqual(foldersUpTo(at('a', 'b'), ROOT), [at('a', 'b'), at('a'), ROOT]);
    assert.deepEqual(foldersUpTo(ROOT, ROOT), [ROOT]);
    assert.deepEqual(foldersUpTo(path.resolve('/other/x'), ROOT), [path.resolve('/other/x')]);
    assert.deepEqual(foldersUpTo(at('a'), undefined), [at('a')]);
  });

  it('issue 12, item 3: without a folder (an untitled document outside any workspace) only the setting counts', async () => {
    const set = await loadEnvironments({ settings: { label: 's', value: { dev: { a: '1' } } } }, files({ [path.resolve('/', PUBLIC_ENV_FILE)]: { dev: { b: '2' } } }));
    assert.deepEqual(Object.fromEntries(set.choose('dev').variables), { a: '1' });
  });

  const failures: Array<{ name: string; files: Record<string, unknown>; sources?: Partial<EnvironmentSources>; env?: string; want: RegExp; detail?: Record<string, unknown> }> = [
    { name: 'malformed JSON: the file, line and column', files: { [at('api', PUBLIC_ENV_FILE)]: '{\n  "dev": {\n    "host": "a"\n    "port": 1\n  }\n}' }, want: new RegExp(`${escape(at('api', PUBLIC_ENV_FILE))} is not valid JSON at line 4, column 5`), detail: { line: 3, column: 4 } },
    { name: 'a truncated file', files: { [at(PRIVATE_ENV_FILE)]: '{ "dev": { "token": "abc"' }, want: /http-client\.private\.env\.json is not valid JSON at line 1, column 26/ },
    { name: 'an environment that is not an object', files: { [at(PUBLIC_ENV_FILE)]: { dev: 'http://x' } }, want: /http-client\.env\.json: environment "dev" must be a JSON object of variables/ },
    { name: 'a settings file without environments given as one', files: { [at('settings.json')]: { 'editor.fontSize': 12 } }, sources: { envFile: at('settings.json') }, want: /environment "editor\.fontSize" must be a JSON object of variables, .* Is it a settings file\? It holds neither httpWire\.environmentVariables nor rest-client\.environmentVariables\./ },
    { name: 'a file that is not an object', files: { [at(PUBLIC_ENV_FILE)]: [1, 2] }, want: /http-client\.env\.json must hold a JSON object of environments/ },
    { name: 'a setting of the wrong shape', files: {}, sources: { settings: { label: 'httpWire.environmentVariables', value: 'dev' } }, want: /^httpWire\.environmentVariables must hold a JSON object/ },
    { name: 'an --env-file that does not exist', files: {}, sources: { envFile: at('missing.json') }, want: /The environment file .*missing\.json does not exist/ },
    { name: 'an unknown environment: the ones there are, and where from', files: { [at(PUBLIC_ENV_FILE)]: { dev: {}, prod: {} } }, env: 'stage', want: /There is no environment "stage": the environments are "dev", "prod" \(from .*http-client\.env\.json\)/ },
    { name: 'an environment asked for with none anywhere', files: {}, env: 'dev', want: /There is no environment "dev": no environment file or setting was found/ },
  ];
  for (const row of failures) {
    it(`issue 12, item 3: HW_ENVIRONMENT for ${row.name}, never a crash`, async () => {
      const err = await rejection(loadEnvironments({ fromDir: at('api'), rootDir: ROOT, ...row.sources }, files(row.files)).then((set) => set.choose(row.env)));
      assert.equal(err.code, ErrorCodes.environment);
      assert.match(err.message, row.want);
      if (row.detail !== undefined) for (const [k, v] of Object.entries(row.detail)) assert.equal(err.detail[k], v, k);
    });
  }

  it('issue 12, item 3: JSON with comments and trailing commas (VS Code settings) reads; a comma in a string is kept', () => {
    const text = '{\n  // a comment, with a comma,\n  "a": "x, }", /* block */\n  "b": [1, 2,],\n}\n';
    assert.deepEqual(parseJsonText(text, 'settings.json'), { a: 'x, }', b: [1, 2] });
  });

  it("values that are not variables (an object, an array, null) are kept as such, so that {{name}} can say what it is; a later string value wins", async () => {
    const set = await loadEnvironments(
      { fromDir: at('api'), rootDir: ROOT },
      files({
        [at(PUBLIC_ENV_FILE)]: { $shared: { n: null }, dev: { SSLConfiguration: { clientCertificate: 'c.pem' }, list: [1], host: 'h' } },
        [at('api', PUBLIC_ENV_FILE)]: { dev: { list: 'now a string' } },
      }),
    );
    const chosen = set.choose('dev');
    assert.deepEqual([...chosen.skipped.keys()].sort(), ['SSLConfiguration', 'n']);
    assert.match(chosen.skipped.get('SSLConfiguration')!, /^a JSON object in .*http-client\.env\.json$/);
    assert.match(chosen.skipped.get('n')!, /^null in /);
    assert.equal(chosen.variables.get('list'), 'now a string');
  });

  it('issue 12, item 3: names that say secret', () => {
    for (const name of ['password', 'dbPass', 'clientSecret', 'accessToken', 'apiKey', 'api_key', 'credentials']) assert.ok(isSecretName(name), name);
    for (const name of ['host', 'user', 'version', 'keyboard']) assert.ok(!isSecretName(name), name);
  });

  it('issue 12, item 6: the nearest .vscode/settings.json holds the setting: ours, else REST Client\'s', async () => {
    const settings = (value: object): string => `// VS Code settings\n${JSON.stringify(value)}`;
    const read = files({
      [at('.vscode', 'settings.json')]: settings({ 'rest-client.environmentVariables': { dev: { host: 'theirs' } }, 'httpWire.environmentVariables': { dev: { host: 'ours' } } }),
      [at('only-theirs', '.vscode', 'settings.json')]: settings({ 'rest-client.environmentVariables': { dev: { host: 'theirs' } } }),
      [at('none', '.vscode', 'settings.json')]: settings({ 'editor.tabSize': 2 }),
    });
    assert.deepEqual((await findWorkspaceEnvironmentSetting(at('api', 'v1'), ROOT, read))?.value, { dev: { host: 'ours' } });
    const theirs = await findWorkspaceEnvironmentSetting(at('only-theirs', 'x'), ROOT, read);
    assert.deepEqual(theirs?.value, { dev: { host: 'theirs' } });
    assert.match(theirs!.label, /^rest-client\.environmentVariables in .*settings\.json$/);
    assert.equal(await findWorkspaceEnvironmentSetting(at('none'), ROOT, read), undefined, 'the nearest settings file is the workspace\'s');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
