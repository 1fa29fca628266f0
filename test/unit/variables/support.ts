import type { Clock, DotenvSource, RandomSource, VariableInputs } from '../../../src/core/variables/inputs';
import { noRequestReferences } from '../../../src/core/variables/inputs';

/** 2024-02-29T13:45:30.123Z, a leap day: month and year offsets must clamp. */
export const NOW_MS = Date.UTC(2024, 1, 29, 13, 45, 30, 123);

/** A clock stopped at NOW_MS whose local time is UTC+2 (or `offsetMinutes`). */
export function fixedClock(offsetMinutes = 120): Clock {
  return { now: () => NOW_MS, offsetMinutesAt: () => offsetMinutes };
}

export const FIXED_UUID = '00000000-0000-4000-8000-000000000001';

/** Dice that always show `value` (in [0, 1)), and one fixed UUID; or a new UUID per call with `isCounting`. */
export function fixedRandom(value = 0.5, isCounting = false): RandomSource {
  let n = 0;
  return { next: () => value, uuid: () => (isCounting ? `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` : FIXED_UUID) };
}

export function mapDotenv(values: Record<string, string>): DotenvSource {
  return { value: (name) => Promise.resolve(values[name]) };
}

/** Inputs with everything fixed; `overrides` replace fields. */
export function fixedInputs(overrides: Partial<VariableInputs> = {}): VariableInputs {
  return {
    environment: new Map(),
    clock: fixedClock(),
    random: fixedRandom(),
    processEnv: { HOME: '/home/juan', TOKEN_VAR: 'API_TOKEN', API_TOKEN: 's3cret' },
    dotenv: mapDotenv({ DB_USER: 'admin', 'app.key': 'k-1' }),
    requests: noRequestReferences,
    ...overrides,
  };
}
