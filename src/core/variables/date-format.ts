/**
 * Dates for `$timestamp`, `$datetime` and `$localDatetime`: offsets in REST Client's units and
 * formats in the tokens of moment.js/Day.js, which REST Client and httpYac hand custom formats to.
 * Written here rather than taken from a library: the subset the variables need is small, and the
 * time zone must come from the injected clock so tests do not depend on the machine's.
 */

/** A moment as wall-clock fields: `epochMs` shifted by `offsetMinutes` and read as UTC. */
export interface WallTime {
  readonly epochMs: number;
  /** Minutes east of UTC; 0 for `$datetime`. */
  readonly offsetMinutes: number;
}

/** REST Client's offset units: years, quarters, months, weeks, days, hours, minutes, seconds, ms. */
export type OffsetUnit = 'y' | 'Q' | 'M' | 'w' | 'd' | 'h' | 'm' | 's' | 'ms';

const FIXED_MS: Partial<Record<OffsetUnit, number>> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const MONTHS_PER: Partial<Record<OffsetUnit, number>> = { y: 12, Q: 3, M: 1 };

/**
 * `epochMs` moved by `amount` units. Years, quarters and months move the calendar of the wall
 * clock given by `offsetMinutes`, keeping the day unless the month is shorter (31 January + 1 M is
 * the last day of February, as moment.js does); the other units are fixed lengths.
 */
export function addOffset(epochMs: number, amount: number, unit: OffsetUnit, offsetMinutes: number): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return epochMs + amount * fixed;
  const wall = new Date(epochMs + offsetMinutes * 60_000);
  const month = wall.getUTCMonth() + amount * MONTHS_PER[unit]!;
  const day = wall.getUTCDate();
  wall.setUTCDate(1);
  wall.setUTCMonth(month);
  const lastDay = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 0)).getUTCDate();
  wall.setUTCDate(Math.min(day, lastDay));
  return wall.getTime() - offsetMinutes * 60_000;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const TOKENS = /\[([^\]]*)]|YYYY|YY|Q|MMMM|MMM|MM|M|DD|D|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|SSS|SS|S|A|a|ZZ|Z|X|x/g;

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function zone(offsetMinutes: number, separator: string): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}${separator}${pad(Math.abs(offsetMinutes) % 60)}`;
}

/**
 * `time` written in a moment.js/Day.js format: `YYYY-MM-DD`, `ddd, DD MMM YYYY HH:mm:ss ZZ`,
 * `[literal text]`... Characters that are no token are copied.
 */
export function formatDate(time: WallTime, format: string): string {
  const d = new Date(time.epochMs + time.offsetMinutes * 60_000);
  const hours = d.getUTCHours();
  return format.replace(TOKENS, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (token) {
      case 'YYYY': return String(d.getUTCFullYear()).padStart(4, '0');
      case 'YY': return pad(d.getUTCFullYear() % 100);
      case 'Q': return String(Math.floor(d.getUTCMonth() / 3) + 1);
      case 'MMMM': return MONTHS[d.getUTCMonth()]!;
      case 'MMM': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case 'MM': return pad(d.getUTCMonth() + 1);
      case 'M': return String(d.getUTCMonth() + 1);
      case 'DD': return pad(d.getUTCDate());
      case 'D': return String(d.getUTCDate());
      case 'dddd': return DAYS[d.getUTCDay()]!;
      case 'ddd': return DAYS[d.getUTCDay()]!.slice(0, 3);
      case 'dd': return DAYS[d.getUTCDay()]!.slice(0, 2);
      case 'd': return String(d.getUTCDay());
      case 'HH': return pad(hours);
      case 'H': return String(hours);
      case 'hh': return pad(hours % 12 || 12);
      case 'h': return String(hours % 12 || 12);
      case 'mm': return pad(d.getUTCMinutes());
      case 'm': return String(d.getUTCMinutes());
      case 'ss': return pad(d.getUTCSeconds());
      case 's': return String(d.getUTCSeconds());
      case 'SSS': return pad(d.getUTCMilliseconds(), 3);
      case 'SS': return pad(Math.floor(d.getUTCMilliseconds() / 10));
      case 'S': return String(Math.floor(d.getUTCMilliseconds() / 100));
      case 'A': return hours < 12 ? 'AM' : 'PM';
      case 'a': return hours < 12 ? 'am' : 'pm';
      case 'ZZ': return zone(time.offsetMinutes, '');
      case 'Z': return zone(time.offsetMinutes, ':');
      case 'X': return String(Math.floor(time.epochMs / 1000));
      default: return String(time.epochMs); // x
    }
  });
}
