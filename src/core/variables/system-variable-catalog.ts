/**
 * The system variables `system-variables.ts` evaluates, as the editor offers and describes them:
 * REST Client's and JetBrains'/httpYac's. `snippet` is what completion inserts (VS Code snippet
 * syntax: `${1:min}` placeholders), `usage` how the hover shows it.
 */
export interface SystemVariableInfo {
  /** `$guid`, `$random.integer`: what `VariableExpression.systemName` reads. */
  readonly name: string;
  readonly snippet: string;
  readonly usage: string;
  readonly description: string;
  readonly dialect: 'REST Client' | 'JetBrains, httpYac' | 'both';
}

export const SYSTEM_VARIABLES: readonly SystemVariableInfo[] = [
  { name: '$guid', snippet: '\\$guid', usage: '{{$guid}}', description: 'a random UUID (v4), new on each send', dialect: 'REST Client' },
  { name: '$uuid', snippet: '\\$uuid', usage: '{{$uuid}}', description: 'a random UUID (v4), new on each send', dialect: 'JetBrains, httpYac' },
  { name: '$random.uuid', snippet: '\\$random.uuid', usage: '{{$random.uuid}}', description: 'a random UUID (v4), new on each send', dialect: 'JetBrains, httpYac' },
  { name: '$randomInt', snippet: '\\$randomInt ${1:1} ${2:100}', usage: '{{$randomInt min max}}', description: 'a whole number in [min, max) (bare: [0, 1000))', dialect: 'both' },
  { name: '$timestamp', snippet: '\\$timestamp', usage: '{{$timestamp [offset unit]}}', description: 'Unix time in seconds, optionally shifted (units y Q M w d h m s ms)', dialect: 'both' },
  { name: '$isoTimestamp', snippet: '\\$isoTimestamp', usage: '{{$isoTimestamp}}', description: 'the time in ISO 8601, UTC, with milliseconds', dialect: 'JetBrains, httpYac' },
  { name: '$datetime', snippet: '\\$datetime ${1|iso8601,rfc1123|}', usage: '{{$datetime rfc1123|iso8601|"format" [offset unit]}}', description: 'the time in UTC, in that format (moment.js tokens)', dialect: 'REST Client' },
  { name: '$localDatetime', snippet: '\\$localDatetime ${1|iso8601,rfc1123|}', usage: '{{$localDatetime rfc1123|iso8601|"format" [offset unit]}}', description: 'the local time, in that format (moment.js tokens)', dialect: 'REST Client' },
  { name: '$processEnv', snippet: '\\$processEnv ${1:NAME}', usage: '{{$processEnv [%]NAME}}', description: "the process environment's NAME (with %: NAME is a variable holding the name)", dialect: 'REST Client' },
  { name: '$dotenv', snippet: '\\$dotenv ${1:NAME}', usage: '{{$dotenv [%]NAME}}', description: "the .env file's NAME (with %: NAME is a variable holding the name)", dialect: 'REST Client' },
  { name: '$random.integer', snippet: '\\$random.integer(${1:0}, ${2:100})', usage: '{{$random.integer(from, to)}}', description: 'a whole number in [from, to) (bare: [0, 100))', dialect: 'JetBrains, httpYac' },
  { name: '$random.float', snippet: '\\$random.float(${1:0}, ${2:1})', usage: '{{$random.float(from, to)}}', description: 'a number in [from, to) (bare: [0, 100))', dialect: 'JetBrains, httpYac' },
  { name: '$random.alphabetic', snippet: '\\$random.alphabetic(${1:10})', usage: '{{$random.alphabetic(n)}}', description: 'n random letters (bare: 10)', dialect: 'JetBrains, httpYac' },
  { name: '$random.alphanumeric', snippet: '\\$random.alphanumeric(${1:10})', usage: '{{$random.alphanumeric(n)}}', description: 'n random letters and digits (bare: 10)', dialect: 'JetBrains, httpYac' },
  { name: '$random.hexadecimal', snippet: '\\$random.hexadecimal(${1:10})', usage: '{{$random.hexadecimal(n)}}', description: 'n random hexadecimal digits (bare: 10)', dialect: 'JetBrains, httpYac' },
  { name: '$random.numeric', snippet: '\\$random.numeric(${1:10})', usage: '{{$random.numeric(n)}}', description: 'n random digits (bare: 10)', dialect: 'JetBrains, httpYac' },
  { name: '$random.email', snippet: '\\$random.email', usage: '{{$random.email}}', description: 'a random address at a random .com domain', dialect: 'JetBrains, httpYac' },
];

const byName = new Map(SYSTEM_VARIABLES.map((v) => [v.name, v]));

/** The catalogue entry of a system variable's name (`$randomInt`), or undefined for one we do not evaluate. */
export function systemVariableInfo(name: string): SystemVariableInfo | undefined {
  return byName.get(name);
}
