/**
 * The editor loads a document's environments once while its env files stay as they are (sends,
 * hovers, completions and the warnings pass after each edit read them before), and reads them
 * again when a file changed on disk even if no watcher said so.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentCache } from '../../../src/core/environments/environment-cache';
import { EnvironmentSet } from '../../../src/core/environments/environment-set';
import { loadEnvironments, PUBLIC_ENV_FILE, type EnvironmentSources } from '../../../src/core/environments/find-environments';

describe('EnvironmentCache', () => {
  const loads: string[] = [];
  const loader = (label: string) => (): Promise<EnvironmentSet> => {
    loads.push(label);
    return Promise.resolve(new EnvironmentSet([]));
  };
  beforeEach(() => (loads.length = 0));
  /** No env file exists anywhere: every stamp stays undefined. */
  const noFiles = (): Promise<string | undefined> => Promise.resolve(undefined);

  it('loads the environments of one place once, and each place apart', async () => {
    const cache = new EnvironmentCache(noFiles);
    const a: EnvironmentSources = { fromDir: '/w/api', rootDir: '/w' };
    const first = await cache.get(a, loader('a'));
    assert.equal(await cache.get({ ...a }, loader('a again')), first);
    await cache.get({ fromDir: '/w/web', rootDir: '/w' }, loader('web'));
    await cache.get({ ...a, envFile: '/w/other.json' }, loader('a with --env-file'));
    assert.deepEqual(loads, ['a', 'web', 'a with --env-file']);
  });

  it('a changed setting is another key: its new value is loaded at once', async () => {
    const cache = new EnvironmentCache(noFiles);
    const settings = (value: unknown): EnvironmentSources => ({ fromDir: '/w', rootDir: '/w', settings: { label: 'httpWire.environmentVariables', value } });
    await cache.get(settings({ dev: { host: 'a' } }), loader('a'));
    await cache.get(settings({ dev: { host: 'a' } }), loader('same value'));
    await cache.get(settings({ dev: { host: 'b' } }), loader('b'));
    assert.deepEqual(loads, ['a', 'b']);
  });

  it('clear forgets every set', async () => {
    const cache = new EnvironmentCache(noFiles);
    const place: EnvironmentSources = { fromDir: '/w', rootDir: '/w' };
    await cache.get(place, loader('first'));
    cache.clear();
    await cache.get(place, loader('after the change'));
    assert.deepEqual(loads, ['first', 'after the change']);
  });

  it('does not keep a load that failed: the next ask reads again', async () => {
    const cache = new EnvironmentCache(noFiles);
    const place: EnvironmentSources = { fromDir: '/w', rootDir: '/w' };
    await assert.rejects(
      cache.get(place, () => Promise.reject(new Error('EBUSY while saved'))),
      /EBUSY/,
    );
    await cache.get(place, loader('again'));
    assert.deepEqual(loads, ['again']);
  });

  it('asks for the stamp of every env file the place could read, found or not', async () => {
    const asked: string[] = [];
    const cache = new EnvironmentCache((file) => {
      asked.push(file);
      return Promise.resolve(undefined);
    });
    await cache.get({ fromDir: path.join('/w', 'api'), rootDir: '/w' }, loader('a'));
    assert.deepEqual(
      asked.map((f) => path.relative('/w', f)),
      ['http-client.env.json', 'http-client.private.env.json', path.join('api', 'http-client.env.json'), path.join('api', 'http-client.private.env.json')],
    );
  });

  describe('on disk, with no watcher telling it', () => {
    let root: string;
    beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'http-wire-env-cache-'))));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
    const read = (file: string): Promise<string | undefined> => fs.promises.readFile(file, 'utf8').catch(() => undefined);
    const hostIn = async (cache: EnvironmentCache, place: EnvironmentSources): Promise<string | undefined> => {
      const set = await cache.get(place, () => {
        loads.push('read');
        return loadEnvironments(place, read);
      });
      return set.has('dev') ? set.choose('dev').variables.get('host') : undefined;
    };

    it('reads an env file again once it changed, also to a value of the same length', async () => {
      const cache = new EnvironmentCache();
      const place: EnvironmentSources = { fromDir: root, rootDir: root };
      const file = path.join(root, PUBLIC_ENV_FILE);
      fs.writeFileSync(file, '{"dev": {"host": "aaa"}}');
      assert.equal(await hostIn(cache, place), 'aaa');
      assert.equal(await hostIn(cache, place), 'aaa');
      assert.deepEqual(loads, ['read']);
      fs.writeFileSync(file, '{"dev": {"host": "bbb"}}');
      // Same size: only the modification time tells. Set it apart in case the clock's step is coarse.
      const later = new Date(fs.statSync(file).mtimeMs + 5_000);
      fs.utimesSync(file, later, later);
      assert.equal(await hostIn(cache, place), 'bbb');
      assert.deepEqual(loads, ['read', 'read']);
    });

    it('reads again when an env file appears or goes, in a folder outside any workspace too', async () => {
      const cache = new EnvironmentCache();
      const place: EnvironmentSources = { fromDir: root };
      assert.equal(await hostIn(cache, place), undefined);
      const file = path.join(root, PUBLIC_ENV_FILE);
      fs.writeFileSync(file, '{"dev": {"host": "made"}}');
      assert.equal(await hostIn(cache, place), 'made');
      fs.rmSync(file);
      assert.equal(await hostIn(cache, place), undefined);
      assert.deepEqual(loads, ['read', 'read', 'read']);
    });
  });
});
