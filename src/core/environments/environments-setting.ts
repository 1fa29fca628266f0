/** Our setting, in REST Client's shape, and REST Client's own, read when ours is absent. */
export const ENVIRONMENTS_SETTING = 'httpWire.environmentVariables';
export const REST_CLIENT_ENVIRONMENTS_SETTING = 'rest-client.environmentVariables';

/**
 * The environments a settings object holds (a `.vscode/settings.json`): `httpWire.environmentVariables`,
 * else `rest-client.environmentVariables`, with the key it came from; undefined without either.
 */
export function environmentsSettingIn(json: unknown): { readonly key: string; readonly value: unknown } | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  for (const key of [ENVIRONMENTS_SETTING, REST_CLIENT_ENVIRONMENTS_SETTING]) {
    const value = (json as Record<string, unknown>)[key];
    if (value !== undefined) return { key, value };
  }
  return undefined;
}
