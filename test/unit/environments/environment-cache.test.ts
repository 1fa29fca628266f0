/**
 * The editor loads a document's environments once until an env file or the setting changes
 * (sends, hovers, completions and the warnings pass after each edit read them before).
 */
import * as assert from 'node:assert/strict';
import { EnvironmentCache } from '../../../src/core/environments/environment-cache';
import { EnvironmentSet } from '../../../src/core/environments/environment-set';
import type { EnvironmentSources } from '../../../src/core/environments/find-environments';

describe('EnvironmentCache', () => {
  const loads: string[] = [];
  const loader = (label: string) => (): Promise<EnvironmentSet> => {
    loads.push(label);
    return Promise.resolve(new EnvironmentSet([]));
  };
  beforeEach(() => (loads.length = 0));

  it('loads the environments of one place once, and each place apart', async () => {
    const cache = new EnvironmentCache();
    const a: EnvironmentSources = { fromDir: '/w/api', rootDir: '/w' };
    const first = cache.get(a, loader('a'));
    assert.equal(cache.get({ ...a }, loader('a again')), first);
    cache.get({ fromDir: '/w/web', rootDir: '/w' }, loader('web'));
    cache.get({ ...a, envFile: '/w/other.json' }, loader('a with --env-file'));
    assert.deepEqual(loads, ['a', 'web', 'a with --env-file']);
    await first;
  });

  it('a changed setting is another key: its new value is loaded at once', () => {
    const cache = new EnvironmentCache();
    const settings = (value: unknown): EnvironmentSources => ({ fromDir: '/w', rootDir: '/w', settings: { label: 'httpWire.environmentVariables', value } });
    cache.get(settings({ dev: { host: 'a' } }), loader('a'));
    cache.get(settings({ dev: { host: 'a' } }), loader('same value'));
    cache.get(settings({ dev: { host: 'b' } }), loader('b'));
    assert.deepEqual(loads, ['a', 'b']);
  });

  it('clear forgets every set', async () => {
    const cache = new EnvironmentCache();
    const place: EnvironmentSources = { fromDir: '/w', rootDir: '/w' };
    await cache.get(place, loader('first'));
    cache.clear();
    await cache.get(place, loader('after the change'));
    assert.deepEqual(loads, ['first', 'after the change']);
  });

  it('does not keep a load that failed: the next ask reads again', async () => {
    const cache = new EnvironmentCache();
    const place: EnvironmentSources = { fromDir: '/w', rootDir: '/w' };
    await assert.rejects(
      cache.get(place, () => Promise.reject(new Error('EBUSY while saved'))),
      /EBUSY/,
    );
    await cache.get(place, loader('again'));
    assert.deepEqual(loads, ['again']);
  });
});
