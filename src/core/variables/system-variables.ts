import { isSecretName } from '../environments/environment-set';
import { addOffset, formatDate, type OffsetUnit } from './date-format';
import type { Clock, DotenvSource, RandomSource } from './inputs';
import { VariableProblem } from './variable-problem';

/** What system variables read: injected, so tests fix the clock and the dice. */
export interface SystemContext {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly dotenv: DotenvSource;
  /** `$processEnv %name`, `$dotenv %name`: the value of the variable `name`, which names the real one. */
  referencedName(name: string): Promise<string>;
  /** Told the value of a secret-named `$processEnv` or `$dotenv` variable (see VariableInputs.secrets). */
  readonly onSecret?: (value: string) => void;
}

const OFFSET = String.raw`(?:\s+(-?\d+)\s+(y|Q|M|w|d|h|m|s|ms))?`;
const TIMESTAMP = new RegExp(String.raw`^\$timestamp${OFFSET}$`);
const DATETIME = new RegExp(String.raw`^\$(datetime|localDatetime)\s+(rfc1123|iso8601|'[^']+'|"[^"]+")${OFFSET}$`);
const RANDOM_INT = /^\$randomInt(?:\s+(-?\d+)\s+(-?\d+))?$/;
const NAMED = /^\$(processEnv|dotenv)\s+(%)?([\w.-]+)$/;
const JETBRAINS_RANGE = /^\$random\.(integer|float)(?:\s*\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\))?$/;
const JETBRAINS_TEXT = /^\$random\.(alphabetic|alphanumeric|hexadecimal|numeric)(?:\s*\(\s*(\d+)\s*\))?$/;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** httpYac's (IntellijRandom) alphabets and default length. */
const ALPHABETS: Record<string, string> = { alphabetic: LETTERS, alphanumeric: LETTERS + DIGITS, hexadecimal: '1234567890ABCDEF', numeric: DIGITS };
const DEFAULT_TEXT_LENGTH = 10;
/** Longer random texts are refused: `$random.alphabetic(1e9)` would not fit in memory. */
const MAX_TEXT_LENGTH = 65_536;

/** A whole number in [min, max): REST Client's `Math.floor(Math.random() * (max - min)) + min`. */
const randomInt = (random: RandomSource, min: number, max: number): number => Math.floor(random.next() * (max - min)) + min;

function randomText(random: RandomSource, length: number, alphabet: string): string {
  let out = '';
  for (let k = 0; k < length; k++) out += alphabet[randomInt(random, 0, alphabet.length)];
  return out;
}

/** A system variable read from its text, before anything is evaluated: see readSystemVariable. */
type SystemExpression =
  | { readonly kind: 'uuid' | 'isoTimestamp' | 'email' }
  | { readonly kind: 'timestamp'; readonly amount: string | undefined; readonly unit: string | undefined }
  | { readonly kind: 'datetime'; readonly isLocal: boolean; readonly format: string; readonly amount: string | undefined; readonly unit: string | undefined }
  | { readonly kind: 'randomInt'; readonly min: number; readonly max: number }
  | { readonly kind: 'named'; readonly source: 'processEnv' | 'dotenv'; readonly isIndirect: boolean; readonly name: string }
  | { readonly kind: 'randomNumber'; readonly isInteger: boolean; readonly from: number; readonly to: number }
  | { readonly kind: 'randomText'; readonly alphabet: string; readonly length: number };

/**
 * Reads a system variable's text (`$randomInt 1 10`). Throws a VariableProblem for one that is
 * malformed or unknown, or asks what cannot be made (bounds the wrong way round, a text too long):
 * what its text alone shows, so the editor warns of it before any send (systemVariableProblem).
 */
function readSystemVariable(body: string): SystemExpression {
  if (body === '$guid' || body === '$uuid' || body === '$random.uuid') return { kind: 'uuid' };
  if (body === '$isoTimestamp') return { kind: 'isoTimestamp' };
  if (body === '$random.email') return { kind: 'email' };
  let m: RegExpExecArray | null;
  if ((m = TIMESTAMP.exec(body))) return { kind: 'timestamp', amount: m[1], unit: m[2] };
  if ((m = DATETIME.exec(body))) return { kind: 'datetime', isLocal: m[1] === 'localDatetime', format: m[2]!, amount: m[3], unit: m[4] };
  if ((m = RANDOM_INT.exec(body))) {
    const [min, max] = m[1] === undefined ? [0, 1000] : [Number(m[1]), Number(m[2])];
    // The fix offered: the bounds swapped, or equal ones one apart.
    if (!(min < max)) throw new VariableProblem(`needs its minimum below its maximum (the maximum is excluded): {{$randomInt ${Math.min(min, max)} ${min === max ? max + 1 : Math.max(min, max)}}}`);
    return { kind: 'randomInt', min, max };
  }
  if ((m = NAMED.exec(body))) return { kind: 'named', source: m[1] as 'processEnv' | 'dotenv', isIndirect: m[2] === '%', name: m[3]! };
  if ((m = JETBRAINS_RANGE.exec(body))) {
    const [from, to] = m[2] === undefined ? [0, 100] : [Number(m[2]), Number(m[3])];
    if (!(from < to)) throw new VariableProblem(`needs "from" below "to": {{$random.${m[1]}(${to}, ${from})}}`);
    return { kind: 'randomNumber', isInteger: m[1] === 'integer', from, to };
  }
  if ((m = JETBRAINS_TEXT.exec(body))) {
    const length = m[2] === undefined ? DEFAULT_TEXT_LENGTH : Number(m[2]);
    if (length > MAX_TEXT_LENGTH) throw new VariableProblem(`asks for ${length} characters; at most ${MAX_TEXT_LENGTH} are made`);
    return { kind: 'randomText', alphabet: ALPHABETS[m[1]!]!, length };
  }
  throw new VariableProblem(usageOf(body));
}

/**
 * The value of a system variable, REST Client's and JetBrains'/httpYac's:
 *
 * | written                                                 | value                                          |
 * |---------------------------------------------------------|------------------------------------------------|
 * | `$guid`, `$uuid`, `$random.uuid`                        | a random UUID                                  |
 * | `$randomInt min max`                                    | an integer in [min, max) (REST Client)         |
 * | `$randomInt`                                            | an integer in [0, 1000) (JetBrains)            |
 * | `$timestamp [offset unit]`                              | Unix time in seconds                           |
 * | `$isoTimestamp`                                         | ISO 8601 in UTC, with milliseconds             |
 * | `$datetime rfc1123\|iso8601\|"format" [offset unit]`     | UTC, in that format (moment.js tokens)         |
 * | `$localDatetime ...`                                    | the same in the clock's local time             |
 * | `$processEnv [%]NAME`, `$dotenv [%]NAME`                | the process environment's or `.env`'s NAME     |
 * | `$random.integer(from, to)`, `$random.float(from, to)`  | in [from, to); bare, in [0, 100) (httpYac)     |
 * | `$random.alphabetic(n)`, `.alphanumeric(n)`, `.hexadecimal(n)`, `.numeric(n)` | n random characters (bare: 10) |
 * | `$random.email`                                         | a random address at a random `.com` domain     |
 *
 * Units: y Q M w d h m s ms. With `%`, NAME is a variable whose value is the name to read.
 * Throws a VariableProblem for a malformed or unknown one, and for a NAME that has no value (REST
 * Client sends an empty string then; a request sent with an empty token is worse than none).
 */
export async function systemVariable(body: string, ctx: SystemContext): Promise<string> {
  const { clock, random } = ctx;
  const e = readSystemVariable(body);
  switch (e.kind) {
    case 'uuid':
      return random.uuid();
    case 'isoTimestamp':
      return new Date(clock.now()).toISOString();
    case 'email':
      return `${randomText(random, 8, 'abcdefghijklmnopqrstuvwxyz0123456789')}@${randomText(random, 6, 'abcdefghijklmnopqrstuvwxyz')}.com`;
    case 'timestamp':
      return String(Math.floor(shifted(clock.now(), e.amount, e.unit, 0) / 1000));
    case 'datetime':
      return datetime(e.isLocal, e.format, e.amount, e.unit, clock);
    case 'randomInt':
      return String(randomInt(random, e.min, e.max));
    case 'named':
      return named(e.source, e.isIndirect, e.name, ctx);
    case 'randomNumber': {
      const value = random.next() * (e.to - e.from) + e.from;
      return String(e.isInteger ? Math.floor(value) : value);
    }
    case 'randomText':
      return randomText(random, e.length, e.alphabet);
  }
}

/**
 * Why the system variable `body` (`$nope`, `$randomInt a b`) cannot be sent, as the send's error
 * says it (HW_UNRESOLVED_VARIABLE: "{{$nope}} in the URL (line 3) is not a system variable
 * ($nope)"), or undefined when its text is well formed. What only a send can know (whether
 * `$processEnv NAME` has a value) is not checked.
 */
export function systemVariableProblem(body: string): VariableProblem | undefined {
  try {
    readSystemVariable(body);
    return undefined;
  } catch (err) {
    if (err instanceof VariableProblem) return err;
    throw err;
  }
}

function shifted(epochMs: number, amount: string | undefined, unit: string | undefined, offsetMinutes: number): number {
  return amount === undefined ? epochMs : addOffset(epochMs, Number(amount), unit as OffsetUnit, offsetMinutes);
}

function datetime(isLocal: boolean, format: string, amount: string | undefined, unit: string | undefined, clock: Clock): string {
  const now = clock.now();
  const offsetMinutes = isLocal ? clock.offsetMinutesAt(now) : 0;
  const epochMs = shifted(now, amount, unit, offsetMinutes);
  const time = { epochMs, offsetMinutes: isLocal ? clock.offsetMinutesAt(epochMs) : 0 };
  if (format === 'rfc1123') return isLocal ? formatDate(time, 'ddd, DD MMM YYYY HH:mm:ss ZZ') : new Date(epochMs).toUTCString();
  if (format === 'iso8601') return isLocal ? formatDate(time, 'YYYY-MM-DDTHH:mm:ss.SSSZ') : new Date(epochMs).toISOString();
  return formatDate(time, format.slice(1, -1));
}

async function named(kind: 'processEnv' | 'dotenv', isIndirect: boolean, written: string, ctx: SystemContext): Promise<string> {
  const name = isIndirect ? await ctx.referencedName(written) : written;
  const value = kind === 'processEnv' ? ctx.processEnv[name] : await ctx.dotenv.value(name);
  if (value !== undefined) {
    if (isSecretName(name)) ctx.onSecret?.(value);
    return value;
  }
  const where = kind === 'processEnv' ? 'the process environment' : 'the .env file';
  throw new VariableProblem(`has no value: ${where} has no ${name}${isIndirect ? ` (named by {{${written}}})` : ''}`);
}

/** What a malformed or unknown system variable is told. */
function usageOf(body: string): string {
  const name = /^\$[^\s(]*/.exec(body)![0];
  switch (name) {
    case '$timestamp':
      return 'is not a valid $timestamp: write {{$timestamp}} or {{$timestamp -1 d}} (units y Q M w d h m s ms)';
    case '$datetime':
    case '$localDatetime':
      return `is not a valid ${name}: write {{${name} rfc1123}}, {{${name} iso8601}} or {{${name} "YYYY-MM-DD"}}, then an optional offset such as 1 d`;
    case '$randomInt':
      return 'is not a valid $randomInt: write {{$randomInt min max}}';
    case '$processEnv':
    case '$dotenv':
      return `is not a valid ${name}: write {{${name} NAME}} or {{${name} %variable}}`;
    case '$aadToken':
    case '$aadV2Token':
      return `is not supported: HTTP Wire does not sign in to Azure AD (${name})`;
    case '$shared':
      return 'is only meaningful inside an environment value ({{$shared name}})';
    default:
      return name.startsWith('$random.') ? `is not a valid ${name}: write it as JetBrains does, e.g. {{$random.integer(1, 10)}} or {{$random.alphabetic(8)}}` : `is not a system variable (${name})`;
  }
}
