// Install steps shared by the scripts that prepare a fresh machine: the VS Code test setup
// (scripts/vscode/setup.js: Chromium, Kerberos headers) and the bench setup (scripts/bench-setup.js:
// nginx). Each logs through the `log` it is given; long commands write to a log file, not the console.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function isDebianPackageInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/**
 * Installs the Debian `packages` not installed yet with apt-get (as root: CI on a fresh machine);
 * without root, fails saying what to run. `logFile` gets apt's output.
 */
async function ensureDebianPackages(packages, { log, logFile }) {
  const missing = packages.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) return [];
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}. Install them with: sudo apt-get update && sudo ${command}`);
  }
  log(`installing Debian packages ${missing.join(', ')} (apt-get, a minute or two)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, logFile, log });
  await run('apt-get', ['install', '-y', ...missing], { env, logFile, log });
  const still = missing.filter((name) => !isDebianPackageInstalled(name));
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(', ')} is still not installed`);
  return missing;
}

/**
 * Runs a command with its output in `logFile` (npm prints hundreds of harmless prebuild-install
 * warnings), a progress line every 30 s, and the log's tail on failure.
 */
function run(cmd, args, { cwd, env, logFile, log }) {
  const started = Date.now();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
    const ticker = setInterval(() => log(`  still running ${cmd} ${args[0]}... (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
    const finish = (err) => {
      clearInterval(ticker);
      fs.closeSync(out);
      if (!err) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${err}\n--- last lines of ${logFile} ---\n${tail}`));
    };
    child.on('error', (err) => finish(`${cmd} could not start: ${err.message}`));
    child.on('exit', (code, signal) => finish(code === 0 ? null : `${cmd} ${args.join(' ')} failed (${signal || `exit ${code}`})`));
  });
}

module.exports = { ensureDebianPackages, isDebianPackageInstalled, run };
