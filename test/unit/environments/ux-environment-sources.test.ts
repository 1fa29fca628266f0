/**
 * QA report `env-picker-wrong-sources`: Select Environment said every environment came "from
 * rest-client.environmentVariables, http-client.env.json, http-client.private.env.json", though
 * "local" was only in the setting and "dev" only in the env files. Each environment now names the
 * layers that define it (EnvironmentSet.sourcesOf, which the picker lists).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadEnvironments, PRIVATE_ENV_FILE, PUBLIC_ENV_FILE } from '../../../src/core/environments/find-environments';
import type { ReadTextFile } from '../../../src/core/variables/dotenv';

const ROOT = path.resolve('/repo');
const at = (...parts: string[]): string => path.join(ROOT, ...parts);

function files(map: Record<string, unknown>): ReadTextFile {
  return (file) => Promise.resolve(file in map ? JSON.stringify(map[file]) : undefined);
}

describe('environments: the sources that define each environment (QA env-picker-wrong-sources)', () => {
  it('the report: "local" from the setting alone, "dev" from the env files alone', async () => {
    const set = await loadEnvironments(
      { fromDir: ROOT, rootDir: ROOT, settings: { label: 'rest-client.environmentVariables', value: { $shared: { v: '1' }, local: { host: 'l' } } } },
      files({ [at(PUBLIC_ENV_FILE)]: { dev: { host: 'd' } }, [at(PRIVATE_ENV_FILE)]: { dev: { key: 'k' } } }),
    );
    assert.deepEqual(set.names(), ['local', 'dev']);
    const labels = (name: string): string[] => set.sourcesOf(name).map((l) => l.label);
    assert.deepEqual(labels('local'), ['rest-client.environmentVariables']);
    assert.deepEqual(labels('dev'), [at(PUBLIC_ENV_FILE), at(PRIVATE_ENV_FILE)]);
  });

  it('in layer order across folders; a layer with only $shared, or with other environments, defines none of them', async () => {
    const set = await loadEnvironments(
      { fromDir: at('api'), rootDir: ROOT },
      files({
        [at(PUBLIC_ENV_FILE)]: { $shared: { v: '1' }, prod: {} },
        [at('api', PUBLIC_ENV_FILE)]: { dev: {}, prod: { host: 'p' } },
        [at('api', PRIVATE_ENV_FILE)]: { $shared: { key: 'k' } },
      }),
    );
    assert.deepEqual(
      set.sourcesOf('prod').map((l) => l.label),
      [at(PUBLIC_ENV_FILE), at('api', PUBLIC_ENV_FILE)],
    );
    assert.deepEqual(
      set.sourcesOf('dev').map((l) => l.label),
      [at('api', PUBLIC_ENV_FILE)],
    );
    assert.deepEqual(set.sourcesOf('stage'), []);
    // Inherited object properties are no environments.
    assert.deepEqual(set.sourcesOf('toString'), []);
  });
});
