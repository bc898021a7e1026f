// Installs bench/'s own dependencies (autocannon, Platformatic DB, the bare handler's fastify and pg, pg-copy-streams)
// when they are missing or older than bench/package-lock.json: `npm run bench:data` and `npm run bench` work from a
// fresh clone after the root `npm install`. They stay out of the product's dependencies.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const lock = join(bench, 'package-lock.json');
const installed = join(bench, 'node_modules', '.package-lock.json');
if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) process.exit(0);
process.stderr.write('bench: installing bench/ dependencies (npm ci in bench/) …\n');
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: bench, stdio: 'inherit' });
process.exit(result.status ?? 1);
