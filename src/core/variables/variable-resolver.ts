import { ErrorCodes, HttpWireError } from '../errors';
import { newlinesBetween } from '../http-file/lines';
import type { FileVariable, HttpFile, HttpRequest } from '../http-file/model';
import { referenceKindsOf, type ReferenceKinds } from '../http-file/reference-index';
import { findVariable, readExpression, readPrompt, type VariableExpression, type VariableSpan } from '../http-file/variable-syntax';
import type { VariableInputs } from './inputs';
import { systemVariable, type SystemContext } from './system-variables';
import { VariableProblem } from './variable-problem';

/** Where a text being expanded stands, for messages: "the URL" on line 3, "header Accept"... */
export interface ExpandSite {
  readonly where: string;
  /** 0-based. */
  readonly line: number;
  /** How the text is reached from the request, when it is a variable's value: "used in the URL (line 5)". */
  readonly via?: string;
}

/** Values that add more than this to a text are refused (`@a = {{b}}{{b}}`, 20 levels deep). */
const MAX_EXPANDED_CHARS = 1024 * 1024;
/** Variables defined through more than this many others are refused rather than recurse on. */
const MAX_DEPTH = 64;

/**
 * Resolves `{{...}}` for the requests of one file, with the precedence of the format notes:
 * prompt > request reference > file variable > environment; system variables (`$...`) apart. The
 * kind of each reference is decided by `ReferenceKinds`, as in the parser's reference index.
 *
 * `forRequest` gives the values for one send of one request: within it, a variable has one value
 * (a file variable `@id = {{$guid}}` is the same id in the URL and the body; a prompt is asked
 * once), while each `{{$guid}}` written in the request is a new one.
 */
export class VariableResolver {
  /** Each name's last definition: a later `@name = value` wins (and the parser warns). */
  private readonly fileValues = new Map<string, FileVariable>();
  private readonly kinds: ReferenceKinds;

  constructor(
    private readonly file: HttpFile,
    private readonly inputs: VariableInputs,
  ) {
    for (const v of file.variables) this.fileValues.set(v.name, v);
    this.kinds = referenceKindsOf(file);
  }

  forRequest(_file: HttpFile, request: HttpRequest | undefined): RequestVariables {
    return new RequestVariables(request, this.inputs, this.fileValues, this.kinds);
  }

  /** Whether a prompt of `request`, a file variable or an environment variable is named `name` (nothing is asked or expanded). */
  defines(name: string, request: HttpRequest): boolean {
    return this.kinds.kindOf(readExpression(name), request, this.inputs.environment) !== 'environment' || this.inputs.environment.has(name);
  }

  /** `text` expanded outside any request (no prompts): see RequestVariables.expand. */
  expand(text: string, site: ExpandSite = { where: 'text', line: 0 }): Promise<string> {
    return this.forRequest(this.file, undefined).expand(text, site);
  }
}

/** The values of one send of one request (see VariableResolver). */
export class RequestVariables {
  // Made on first use: one of these is made per send, and most requests have no variable (a run
  // of 2,000 allocated 2,000 empty maps).
  private memo: Map<string, string> | undefined;
  /** The variables being expanded, outermost first: a name met again is a cycle. */
  private readonly stack: string[] = [];

  constructor(
    private readonly request: HttpRequest | undefined,
    private readonly inputs: VariableInputs,
    private readonly fileValues: ReadonlyMap<string, FileVariable>,
    private readonly kinds: ReferenceKinds,
  ) {}

  /**
   * `text` with every `{{...}}` replaced by its value. Rejects with an HttpWireError naming the
   * reference, where it stands and why it has no value: HW_UNRESOLVED_VARIABLE (unknown name,
   * malformed system variable, unanswered prompt, unavailable request), HW_VARIABLE_CYCLE.
   */
  async expand(text: string, site: ExpandSite): Promise<string> {
    const span: VariableSpan = { open: 0, close: 0 };
    if (!findVariable(text, 0, span)) return text;
    let out = '';
    let from = 0;
    // A body's text spans lines: a message names the line of the reference, not the body's first.
    let line = site.line;
    do {
      const { open, close } = span;
      line += newlinesBetween(text, from, open);
      const here = line === site.line ? site : { ...site, line };
      const expr = readExpression(text.slice(open + 2, close));
      const value = await this.valueAt(expr, here);
      out += text.slice(from, open) + (expr.isEncoded ? encodeURIComponent(value) : value);
      // What the values added, not the text around them: a large body with one small variable is fine.
      if (out.length - (close + 2) > MAX_EXPANDED_CHARS) throw this.error(expr, here, new VariableProblem(`makes a value over ${MAX_EXPANDED_CHARS} characters`));
      from = close + 2;
    } while (findVariable(text, from, span));
    return out + text.slice(from);
  }

  /**
   * The value of the variable `name` (a prompt, file or environment variable), or undefined when
   * none has that name. For httpYac's `host`, which is a base only when defined.
   */
  async lookup(name: string, site: ExpandSite): Promise<string | undefined> {
    const expr = readExpression(name);
    const kind = this.kinds.kindOf(expr, this.request, this.inputs.environment);
    if (kind === 'environment' && !this.inputs.environment.has(name)) return undefined;
    return this.valueAt(expr, site);
  }

  private async valueAt(expr: VariableExpression, site: ExpandSite): Promise<string> {
    try {
      return await this.resolve(expr, site);
    } catch (err) {
      if (err instanceof VariableProblem) throw this.error(expr, site, err);
      throw err;
    }
  }

  /**
   * The error of `expr`'s problem; `detail.request` names the request whose answer a reference
   * reads, so advice can be about that answer rather than about defining a variable.
   */
  private error(expr: VariableExpression, site: ExpandSite, problem: VariableProblem): HttpWireError {
    const at = `in the ${site.where} (line ${site.line + 1})${site.via !== undefined ? `, ${site.via},` : ''}`;
    const isReference = this.kinds.kindOf(expr, this.request, this.inputs.environment) === 'request';
    return new HttpWireError(problem.code, `{{${expr.expression}}} ${at} ${problem.reason}; nothing was sent.`, { line: site.line, variable: expr.expression, ...(isReference ? { request: expr.head } : {}), ...problem.detail });
  }

  private resolve(expr: VariableExpression, site: ExpandSite): Promise<string> {
    const name = expr.body;
    switch (this.kinds.kindOf(expr, this.request, this.inputs.environment)) {
      case 'system':
        return systemVariable(name, this.systemContext(site));
      case 'prompt':
        return this.remembered(name, () => this.ask(name));
      case 'request':
        return this.inputs.requests.value({ requestName: expr.head, path: expr.path ?? '', expression: expr.expression });
      case 'file': {
        const definition = this.fileValues.get(name)!;
        return this.remembered(name, () => this.expandValue(`@${name}`, definition.value, { where: `value of @${name}`, line: definition.line, via: `used ${describe(site)}` }));
      }
      case 'environment': {
        const value = this.inputs.environment.get(name);
        if (value === undefined) throw new VariableProblem(`has no value: ${this.noValueReason(name)}`);
        const env = this.inputs.environmentName;
        return this.remembered(name, () => this.expandValue(name, value, { ...site, via: `through ${env !== undefined ? `environment "${env}"` : 'the environment'}'s ${name}` }));
      }
    }
  }

  private async remembered(name: string, make: () => Promise<string>): Promise<string> {
    const known = this.memo?.get(name);
    if (known !== undefined) return known;
    const value = await make();
    (this.memo ??= new Map()).set(name, value);
    return value;
  }

  /** A variable's value, expanded in turn: cycles and runaway depth are refused here. */
  private async expandValue(label: string, value: string, site: ExpandSite): Promise<string> {
    if (this.stack.includes(label)) {
      const cycle = [...this.stack.slice(this.stack.indexOf(label)), label];
      throw new VariableProblem(`has no value: the variables ${cycle.join(' → ')} use each other in a cycle`, ErrorCodes.variableCycle, { cycle });
    }
    if (this.stack.length >= MAX_DEPTH) throw new VariableProblem(`is defined through more than ${MAX_DEPTH} other variables`);
    this.stack.push(label);
    try {
      return await this.expand(value, site);
    } finally {
      this.stack.pop();
    }
  }

  private async ask(name: string): Promise<string> {
    const request = this.request!;
    const declared = request.metadata.find((m) => m.key === 'prompt' && readPrompt(m.value)?.name === name)!;
    const prompt = readPrompt(declared.value)!;
    const promptAt = `# @prompt ${name} on line ${declared.line + 1}`;
    const answers = this.inputs.prompts;
    if (answers === undefined) throw new VariableProblem(`is a prompt (${promptAt}), and nothing can answer prompts here`);
    const answer = await answers.answer({ name, description: prompt.description, requestLabel: request.name ?? `${request.requestLine.method} ${request.requestLine.target}` });
    if (answer === undefined) throw new VariableProblem(`has no value: the prompt (${promptAt}) was not answered`);
    return answer;
  }

  private noValueReason(name: string): string {
    const env = this.inputs.environmentName;
    const skipped = this.inputs.environmentSkipped?.get(name);
    if (skipped !== undefined) return `"${name}" is ${skipped}${env !== undefined ? ` (environment "${env}")` : ''}, not a value: only strings, numbers and booleans are variables`;
    return `"${name}" is not a prompt of the request, a file variable (@${name} = value) or a variable of ${env !== undefined ? `environment "${env}"` : 'an environment (none is chosen)'}`;
  }

  private systemContext(site: ExpandSite): SystemContext {
    const { clock, random, processEnv, dotenv, secrets } = this.inputs;
    return {
      clock,
      random,
      processEnv,
      dotenv,
      ...(secrets !== undefined ? { onSecret: (value: string) => secrets.addSecret(value) } : {}),
      referencedName: async (name) => {
        const value = await this.lookup(name, site);
        if (value === undefined) throw new VariableProblem(`has no value: "%${name}" names a variable holding the name to read, and ${this.noValueReason(name)}`);
        return value;
      },
    };
  }
}

function describe(site: ExpandSite): string {
  return `in the ${site.where} (line ${site.line + 1})`;
}
