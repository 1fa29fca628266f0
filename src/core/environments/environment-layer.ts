import { ErrorCodes, HttpWireError } from '../errors';
import { SHARED_SECTION, type EnvironmentLayer, type EnvironmentValues } from './environment-set';

/** `{{$shared name}}` inside a REST Client setting's value: the `$shared` section's `name`. */
const SHARED_REFERENCE = /\{\{\s*\$shared\s+([^\s}]+)\s*\}\}/g;

export interface LayerOptions {
  readonly isSecret: boolean;
  /** REST Client's settings replace `{{$shared name}}` in values with the `$shared` value (JetBrains' files do not). */
  readonly substitutesShared?: boolean;
}

/**
 * An environment layer from parsed JSON: `{ "$shared": {...}, "dev": { "host": "..." } }`.
 * Strings are taken as they are, numbers and booleans as their JSON text; other values (JetBrains'
 * `SSLConfiguration` and `security` objects, null) are not variables and are left out.
 * Throws HW_ENVIRONMENT naming `label` when the JSON is not an object of objects.
 */
export function environmentLayerOf(json: unknown, label: string, options: LayerOptions): EnvironmentLayer {
  if (!isObject(json)) throw new HttpWireError(ErrorCodes.environment, `${label} must hold a JSON object of environments, such as { "dev": { "host": "localhost" } }.`, { path: label });
  const environments: Record<string, EnvironmentValues> = {};
  const skipped: Record<string, Record<string, string>> = {};
  for (const [name, section] of Object.entries(json)) {
    if (!isObject(section)) {
      // JetBrains' files may hold `$schema` and the like beside the environments.
      if (name.startsWith('$') && name !== SHARED_SECTION) continue;
      // `editor.fontSize`: a VS Code settings file without environments, given as one.
      const hint = name.includes('.') ? ` Is it a settings file? It holds neither httpWire.environmentVariables nor rest-client.environmentVariables.` : '';
      throw new HttpWireError(ErrorCodes.environment, `${label}: environment "${name}" must be a JSON object of variables, such as { "host": "localhost" }.${hint}`, { path: label, environment: name });
    }
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(section)) {
      if (typeof value === 'string') values[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') values[key] = JSON.stringify(value);
      else (skipped[name] ??= {})[key] = value === null ? 'null' : Array.isArray(value) ? 'a JSON array' : 'a JSON object';
    }
    environments[name] = values;
  }
  if (options.substitutesShared === true) substituteShared(environments);
  return { label, environments, isSecret: options.isSecret, ...(Object.keys(skipped).length > 0 ? { skipped } : {}) };
}

/** REST Client's `{{$shared name}}`: replaced in every environment's values; an unknown name is left for the resolver to report. */
function substituteShared(environments: Record<string, EnvironmentValues>): void {
  const shared = environments[SHARED_SECTION] ?? {};
  for (const [name, values] of Object.entries(environments)) {
    if (name === SHARED_SECTION) continue;
    const replaced: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) replaced[key] = value.replace(SHARED_REFERENCE, (whole, ref: string) => shared[ref] ?? whole);
    environments[name] = replaced;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
