#!/usr/bin/env node
// `npm run bench` first: nginx from Debian, the origin the CLI bench measures against as issue 10
// asks (bench/origin.ts starts its own instance with its own configuration). Without root and
// without nginx, the bench says so and uses its Node server instead: this never stops the bench.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ensureDebianPackages } = require('./install-steps');

const log = (msg) => console.log(`bench-setup: ${msg}`);

async function main() {
  let installed;
  try {
    installed = await ensureDebianPackages(['nginx'], { log, logFile: path.join(__dirname, '..', '.cache', 'bench-apt.log') });
  } catch (err) {
    log(`${err.message.split('\n')[0]}; the CLI bench uses its Node server instead`);
    return;
  }
  if (installed.length === 0) return;
  // Debian starts the packaged service on port 80 and enables it at boot; the bench starts its own.
  spawnSync('systemctl', ['disable', '--now', 'nginx'], { stdio: 'ignore' });
  spawnSync('service', ['nginx', 'stop'], { stdio: 'ignore' });
  spawnSync('update-rc.d', ['nginx', 'disable'], { stdio: 'ignore' });
  log('nginx installed (its system service stopped and disabled: the bench starts its own)');
}

main().catch((err) => {
  log(`FAILED: ${err.message}`);
  process.exitCode = 1;
});
