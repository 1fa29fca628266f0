/**
 * `http-wire send --junit FILE`: the run as a JUnit XML report, one test case per request sent,
 * for CI systems that show test results (GitLab, Jenkins, Azure, GitHub's test reporters), as
 * httpYac's `--junit` and JetBrains' `ijhttp --report` give. A case fails as the run does: no
 * answer, a body that could not be decoded, an error status under `--fail`, checks not run under
 * `--strict`. Texts come masked (see SendRun); this file only writes them as XML.
 */
export interface JunitCase {
  /** The request's name, or its request line (masked). */
  readonly name: string;
  readonly timeMs: number;
  /** Why the case failed: the error code (or `http-status`, `checks-not-run`) and a sentence. */
  readonly failure?: { readonly type: string; readonly message: string };
  /** Said beside a case that passed: checks HTTP Wire does not run, the status line. */
  readonly output?: string;
}

export class JunitReport {
  private readonly cases: JunitCase[] = [];

  add(testCase: JunitCase): void {
    this.cases.push(testCase);
  }

  /** The report of the run of `file` (its path as given), which took `elapsedMs`. */
  toXml(file: string, elapsedMs: number): string {
    const failures = this.cases.filter((c) => c.failure !== undefined).length;
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="http-wire" tests="${this.cases.length}" failures="${failures}" errors="0" time="${seconds(elapsedMs)}">`,
      `  <testsuite name="${attr(file)}" tests="${this.cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(elapsedMs)}">`,
    ];
    for (const c of this.cases) {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(file)}" time="${seconds(c.timeMs)}"`;
      if (c.failure === undefined && c.output === undefined) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      if (c.failure !== undefined) lines.push(`      <failure type="${attr(c.failure.type)}" message="${attr(c.failure.message)}">${text(c.failure.message)}</failure>`);
      if (c.output !== undefined) lines.push(`      <system-out>${text(c.output)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>', '</testsuites>', '');
    return lines.join('\n');
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * Characters XML 1.0 does not allow at all (C0 controls but tab, line feed and carriage return;
 * lone surrogates; U+FFFE and U+FFFF): a response's reason phrase or an error quoting bytes may hold
 * them, and one of them makes the whole report unreadable. Shown as U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- the class is exactly the control characters XML refuses.
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function text(value: string): string {
  return value.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: as text, with quotes and the line breaks an attribute would fold into spaces kept. */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
