/**
 * System variables of both dialects (issue 12, item 2), with a fixed clock (2024-02-29T13:45:30.123Z,
 * local time UTC+2) and dice that always show 0.5.
 */
import * as assert from 'node:assert/strict';
import { addOffset, formatDate } from '../../../src/core/variables/date-format';
import { systemVariable, type SystemContext } from '../../../src/core/variables/system-variables';
import { VariableProblem } from '../../../src/core/variables/variable-problem';
import { FIXED_UUID, fixedClock, fixedRandom, mapDotenv, NOW_MS } from './support';

const context: SystemContext = {
  clock: fixedClock(),
  random: fixedRandom(),
  processEnv: { HOME: '/home/juan', API_TOKEN: 's3cret' },
  dotenv: mapDotenv({ DB_USER: 'admin', 'app.key': 'k-1' }),
  referencedName: (name) => (name === 'tokenVar' ? Promise.resolve('API_TOKEN') : name === 'dbVar' ? Promise.resolve('DB_USER') : Promise.reject(new VariableProblem(`has no value: ${name}`))),
};

const SECONDS = Math.floor(NOW_MS / 1000);

describe('variables: system variables (issue 12, item 2)', () => {
  const rows: { name: string; input: string; want: string }[] = [
    { name: 'REST Client $guid', input: '$guid', want: FIXED_UUID },
    { name: 'JetBrains $uuid', input: '$uuid', want: FIXED_UUID },
    { name: 'JetBrains $random.uuid', input: '$random.uuid', want: FIXED_UUID },
    { name: '$randomInt min max: max excluded, floor(0.5 × 10) + 1', input: '$randomInt 1 11', want: '6' },
    { name: '$randomInt with negative bounds', input: '$randomInt -10 -2', want: '-6' },
    { name: 'JetBrains $randomInt alone: [0, 1000)', input: '$randomInt', want: '500' },
    { name: '$timestamp: Unix seconds', input: '$timestamp', want: String(SECONDS) },
    { name: '$timestamp -1 d', input: '$timestamp -1 d', want: String(SECONDS - 86_400) },
    { name: '$timestamp 2 h', input: '$timestamp 2 h', want: String(SECONDS + 7200) },
    { name: '$timestamp 1500 ms', input: '$timestamp 1500 ms', want: String(Math.floor((NOW_MS + 1500) / 1000)) },
    { name: '$timestamp 1 y from a leap day', input: '$timestamp 1 y', want: String(Date.UTC(2025, 1, 28, 13, 45, 30) / 1000) },
    { name: '$isoTimestamp', input: '$isoTimestamp', want: '2024-02-29T13:45:30.123Z' },
    { name: '$datetime rfc1123', input: '$datetime rfc1123', want: 'Thu, 29 Feb 2024 13:45:30 GMT' },
    { name: '$datetime iso8601', input: '$datetime iso8601', want: '2024-02-29T13:45:30.123Z' },
    { name: '$datetime "format"', input: '$datetime "YYYY-MM-DD HH:mm:ss.SSS"', want: '2024-02-29 13:45:30.123' },
    { name: "$datetime 'format' with an offset of 1 M", input: "$datetime 'DD/MM/YYYY' 1 M", want: '29/03/2024' },
    { name: '$datetime with a quarter and a week', input: '$datetime "YYYY-MM-DD" 1 Q', want: '2024-05-29' },
    { name: '$datetime -1 w', input: '$datetime "YYYY-MM-DD" -1 w', want: '2024-02-22' },
    { name: '$datetime iso8601 1 y: 29 February becomes 28 February', input: '$datetime iso8601 1 y', want: '2025-02-28T13:45:30.123Z' },
    { name: '$datetime with names, escapes and 12-hour time', input: '$datetime "dddd D MMMM [at] h:mm A, X"', want: `Thursday 29 February at 1:45 PM, ${SECONDS}` },
    { name: '$localDatetime rfc1123 in UTC+2', input: '$localDatetime rfc1123', want: 'Thu, 29 Feb 2024 15:45:30 +0200' },
    { name: '$localDatetime iso8601 in UTC+2', input: '$localDatetime iso8601', want: '2024-02-29T15:45:30.123+02:00' },
    { name: '$localDatetime "format" -16 h crosses the day', input: '$localDatetime "YYYY-MM-DD HH:mm Z" -16 h', want: '2024-02-28 23:45 +02:00' },
    { name: '$processEnv NAME', input: '$processEnv HOME', want: '/home/juan' },
    { name: '$processEnv %variable: the variable names the process variable', input: '$processEnv %tokenVar', want: 's3cret' },
    { name: '$dotenv NAME', input: '$dotenv DB_USER', want: 'admin' },
    { name: '$dotenv with dots in the name', input: '$dotenv app.key', want: 'k-1' },
    { name: '$dotenv %variable', input: '$dotenv %dbVar', want: 'admin' },
    { name: 'JetBrains $random.integer(from, to)', input: '$random.integer(1, 11)', want: '6' },
    { name: 'JetBrains $random.integer alone: [0, 100)', input: '$random.integer', want: '50' },
    { name: 'JetBrains $random.float(from, to)', input: '$random.float(0, 3)', want: '1.5' },
    { name: 'JetBrains $random.float alone', input: '$random.float', want: '50' },
    { name: 'JetBrains $random.alphabetic(n): letter 26 of A-Za-z', input: '$random.alphabetic(3)', want: 'aaa' },
    { name: 'JetBrains $random.alphanumeric(n): character 31 of A-Za-z0-9', input: '$random.alphanumeric(4)', want: 'ffff' },
    { name: 'JetBrains $random.hexadecimal(n), httpYac alphabet', input: '$random.hexadecimal(2)', want: '99' },
    { name: 'JetBrains $random.alphabetic alone: 10 characters', input: '$random.alphabetic', want: 'aaaaaaaaaa' },
    { name: 'JetBrains $random.email', input: '$random.email', want: 'ssssssss@nnnnnn.com' },
  ];
  for (const row of rows) {
    it(`issue 12, item 2: ${row.name}: {{${row.input}}} → ${row.want}`, async () => {
      assert.equal(await systemVariable(row.input, context), row.want);
    });
  }

  const refused: { name: string; input: string; want: RegExp }[] = [
    { name: '$randomInt with one bound', input: '$randomInt 5', want: /is not a valid \$randomInt: write \{\{\$randomInt min max\}\}/ },
    { name: '$randomInt with min = max', input: '$randomInt 5 5', want: /minimum below its maximum .*: \{\{\$randomInt 5 6\}\}$/ },
    { name: '$randomInt with the bounds reversed: the fix offered swaps them', input: '$randomInt 10 1', want: /: \{\{\$randomInt 1 10\}\}$/ },
    { name: '$random.integer with from > to', input: '$random.integer(9, 1)', want: /"from" below "to"/ },
    { name: '$datetime without a format', input: '$datetime', want: /is not a valid \$datetime/ },
    { name: '$datetime with an unknown format name', input: '$datetime rfc822', want: /is not a valid \$datetime/ },
    { name: '$timestamp with an unknown unit', input: '$timestamp 1 days', want: /units y Q M w d h m s ms/ },
    { name: 'an unknown system variable', input: '$nope', want: /is not a system variable \(\$nope\)/ },
    { name: "REST Client's $aadToken", input: '$aadToken', want: /not supported/ },
    { name: '$processEnv of a name the process does not have', input: '$processEnv NOPE', want: /the process environment has no NOPE/ },
    { name: '$dotenv of a name .env does not have', input: '$dotenv NOPE', want: /the \.env file has no NOPE/ },
    { name: '$processEnv %variable whose variable has no value', input: '$processEnv %missing', want: /has no value: missing/ },
    { name: 'a random text too long to make', input: '$random.alphabetic(100000)', want: /at most 65536/ },
  ];
  for (const row of refused) {
    it(`issue 12, item 2: ${row.name} ({{${row.input}}}) is refused, saying why`, async () => {
      await assert.rejects(systemVariable(row.input, context), (err: Error) => err instanceof VariableProblem && row.want.test(err.message));
    });
  }
});

describe('variables: date formats and offsets (issue 12, item 2)', () => {
  it('issue 12, item 2: a month offset keeps the day unless the month is shorter (moment.js)', () => {
    const jan31 = Date.UTC(2023, 0, 31, 10);
    assert.equal(new Date(addOffset(jan31, 1, 'M', 0)).toISOString(), '2023-02-28T10:00:00.000Z');
    assert.equal(new Date(addOffset(jan31, -2, 'M', 0)).toISOString(), '2022-11-30T10:00:00.000Z');
    assert.equal(new Date(addOffset(jan31, 13, 'M', 0)).toISOString(), '2024-02-29T10:00:00.000Z');
  });

  it('issue 12, item 2: a month offset moves the local calendar: 31 Jan 23:30 at UTC+2 is already 1 Feb there', () => {
    const utc = Date.UTC(2023, 0, 31, 22, 30);
    assert.equal(formatDate({ epochMs: addOffset(utc, 1, 'M', 120), offsetMinutes: 120 }, 'YYYY-MM-DD HH:mm'), '2023-03-01 00:30');
  });

  it('issue 12, item 2: tokens, including zones west of UTC and literal text', () => {
    const time = { epochMs: Date.UTC(2009, 6, 4, 5, 6, 7, 8), offsetMinutes: -330 };
    assert.equal(formatDate(time, 'YY Q M MM MMM D DD d dd ddd H HH h hh m mm s ss S SS SSS a A Z ZZ [YYYY] x'), `09 3 7 07 Jul 3 03 5 Fr Fri 23 23 11 11 36 36 7 07 0 00 008 pm PM -05:30 -0530 YYYY ${time.epochMs}`);
  });
});
