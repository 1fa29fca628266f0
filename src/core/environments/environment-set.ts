import { ErrorCodes, HttpWireError } from '../errors';

/** The section whose variables every environment of a layer has, under its own (both dialects). */
export const SHARED_SECTION = '$shared';

/** One environment's variables as a file or setting holds them. */
export type EnvironmentValues = Readonly<Record<string, string>>;

/**
 * One place environments come from: a `http-client.env.json`, its private file, the setting
 * `httpWire.environmentVariables`, or a CLI flag. `label` names it in messages (a path, a setting).
 */
export interface EnvironmentLayer {
  readonly label: string;
  /** By environment name; `$shared` among them. */
  readonly environments: Readonly<Record<string, EnvironmentValues>>;
  /** Every value of this layer is a secret (the private file): masked wherever output shows it. */
  readonly isSecret: boolean;
  /**
   * By environment name, the keys whose values are not variables (a JSON object, an array, null:
   * JetBrains' SSLConfiguration, a nested object): said when `{{key}}` has no value.
   */
  readonly skipped?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Names whose values are masked whatever layer they come from: pass, password, secret, token, api key. */
const SECRET_NAME = /pass(word)?|secret|token|api[-_]?key|credential/i;

/** Whether a variable's name says it holds a secret (`password`, `clientSecret`, `accessToken`, `apiKey`). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The variables of one chosen environment, with the values to mask. */
export interface ChosenEnvironment {
  readonly name: string | undefined;
  readonly variables: ReadonlyMap<string, string>;
  /** Values from secret layers, and values of variables whose names say they are secret. */
  readonly secrets: readonly string[];
  /** Keys of the environment whose values are not variables, with what each is and where (`a JSON object in FILE`). */
  readonly skipped: ReadonlyMap<string, string>;
}

/**
 * The environments of a `.http` file: layers from lowest to highest precedence (a later layer's
 * value wins). Within each layer `$shared` lies under the named environment, so the order for
 * environment `dev` is: each layer's `$shared`, lowest layer first, then each layer's `dev`. So a
 * private file's `$shared` beats the public file's `$shared`, and any layer's `dev` beats every
 * `$shared` (JetBrains and REST Client both put the environment's own value over the shared one).
 */
export class EnvironmentSet {
  constructor(readonly layers: readonly EnvironmentLayer[]) {}

  /** The environment names, in the order first met, `$shared` and other `$` names left out. */
  names(): string[] {
    const names = new Set<string>();
    for (const layer of this.layers) for (const name of Object.keys(layer.environments)) if (!name.startsWith('$')) names.add(name);
    return [...names];
  }

  has(name: string): boolean {
    return this.names().includes(name);
  }

  /**
   * Whether `key` is a secret's name in some environment: a private layer defines it (in any
   * section), or the name says so. A value given for it another way (the CLI's `--var`) is a
   * secret too: a CI job overriding a private key must not print it.
   */
  isSecretKey(key: string): boolean {
    return isSecretName(key) || this.layers.some((layer) => layer.isSecret && Object.values(layer.environments).some((section) => Object.hasOwn(section, key)));
  }

  /**
   * The layers that define environment `name` (a section of that name), lowest precedence first:
   * where the environment comes from, as the picker says. A layer with only `$shared` gives every
   * environment values but defines none.
   */
  sourcesOf(name: string): EnvironmentLayer[] {
    return this.layers.filter((layer) => Object.hasOwn(layer.environments, name));
  }

  /**
   * The variables of environment `name` (undefined: no environment, only every layer's `$shared`).
   * Throws HW_ENVIRONMENT when `name` is given and no layer defines it, naming those that exist.
   */
  choose(name: string | undefined): ChosenEnvironment {
    if (name !== undefined && !this.has(name)) {
      const known = this.names();
      const where = this.layers.length === 0 ? 'no environment file or setting was found' : `the environments are ${known.length === 0 ? 'none' : known.map((n) => `"${n}"`).join(', ')} (from ${this.layers.map((l) => l.label).join(', ')})`;
      throw new HttpWireError(ErrorCodes.environment, `There is no environment "${name}": ${where}.`, { environment: name });
    }
    const variables = new Map<string, string>();
    const secrets = new Set<string>();
    const sections = name === undefined ? [SHARED_SECTION] : [SHARED_SECTION, name];
    const skipped = new Map<string, string>();
    for (const section of sections) {
      for (const layer of this.layers) {
        for (const [key, what] of Object.entries(layer.skipped?.[section] ?? {})) skipped.set(key, `${what} in ${layer.label}`);
        for (const [key, value] of Object.entries(layer.environments[section] ?? {})) {
          variables.set(key, value);
          if (layer.isSecret || isSecretName(key)) secrets.add(value);
        }
      }
    }
    for (const key of variables.keys()) skipped.delete(key);
    return { name, variables, secrets: [...secrets], skipped };
  }

  /**
   * Where each variable of environment `name` gets its value (the editor's hover and go to
   * definition): the layer and section whose value `choose(name)` keeps, walked in the same order.
   * Does not check that `name` exists (`choose` does).
   */
  origins(name: string | undefined): ReadonlyMap<string, VariableOrigin> {
    const out = new Map<string, VariableOrigin>();
    const sections = name === undefined ? [SHARED_SECTION] : [SHARED_SECTION, name];
    for (const section of sections) {
      for (const layer of this.layers) {
        for (const [key, value] of Object.entries(layer.environments[section] ?? {})) out.set(key, { layer, section, value, isSecret: layer.isSecret || isSecretName(key) });
      }
    }
    return out;
  }
}

/** The layer and section an environment variable's value comes from (`EnvironmentSet.origins`). */
export interface VariableOrigin {
  readonly layer: EnvironmentLayer;
  /** The environment's name, or `$shared`. */
  readonly section: string;
  readonly value: string;
  /** Masked wherever shown: from a private layer, or a name that says it is secret. */
  readonly isSecret: boolean;
}
