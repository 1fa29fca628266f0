/**
 * The options of `npm start` (scripts/start.js), which opens the real VS Code in the browser with
 * the extension installed and examples/ open, beside the demo server. Pure, so that unit tests
 * cover them without starting anything.
 */

/** Where code-server listens unless `--port` says otherwise (shared/real-vscode-offline.md). */
export const DEFAULT_EDITOR_PORT = 8080;
/**
 * Where the demo server listens unless `--demo-port` says otherwise. Fixed, not chosen at random,
 * because examples/demo-server.http names it in its `@host` variable.
 */
export const DEFAULT_DEMO_PORT = 8081;

export interface StartOptions {
  readonly editorPort: number;
  readonly demoPort: number;
  /** Start everything, check that each piece answers, then stop (no browser needed). */
  readonly check: boolean;
  readonly help: boolean;
}

export const START_USAGE = `Usage: npm start [-- --port N] [-- --demo-port N] [-- --check]
  --port N       code-server (VS Code in the browser) on 127.0.0.1:N (default ${DEFAULT_EDITOR_PORT}; 0 picks a free port)
  --demo-port N  the demo server on 127.0.0.1:N (default ${DEFAULT_DEMO_PORT}; examples/demo-server.http names it)
  --check        start everything, check that it answers, stop, and exit 0 or 1
Environment: HTTP_WIRE_PORT and HTTP_WIRE_DEMO_PORT set the same ports.`;

/** Parses `argv` (after the script name) over the environment's ports; throws one clear sentence. */
export function parseStartOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): StartOptions {
  let editorPort = env.HTTP_WIRE_PORT === undefined ? DEFAULT_EDITOR_PORT : parsePort(env.HTTP_WIRE_PORT, 'HTTP_WIRE_PORT');
  let demoPort = env.HTTP_WIRE_DEMO_PORT === undefined ? DEFAULT_DEMO_PORT : parsePort(env.HTTP_WIRE_DEMO_PORT, 'HTTP_WIRE_DEMO_PORT');
  let check = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq !== -1) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new Error(`${name} needs a port number after it.`);
      return next;
    };
    if (name === '--port') editorPort = parsePort(value(), name);
    else if (name === '--demo-port') demoPort = parsePort(value(), name);
    else if (arg === '--check') check = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else throw new Error(`Unknown option "${arg}"; run \`npm start -- --help\` for the options.`);
  }
  if (editorPort !== 0 && editorPort === demoPort) throw new Error(`code-server and the demo server cannot both listen on port ${editorPort}; give them different ports.`);
  return { editorPort, demoPort, check, help };
}

function parsePort(text: string, name: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`${name} must be a port number from 0 to 65535, not "${text}".`);
  return port;
}

/** What to print when a port is already taken (EADDRINUSE), naming the option that moves it. */
export function portTakenMessage(what: string, port: number, option: string): string {
  return `Port ${port} on 127.0.0.1 is already in use, so ${what} cannot start there; stop what holds it or choose another port with \`npm start -- ${option} N\`.`;
}
