// Runs the test suites from dist/ with node:test. `npm test` = unit + integration + e2e (needs root, runc,
// conmon, the docker CLI). `npm test -- unit` runs only the unit tests (src/**/*.test.js).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const which = process.argv[2] ?? 'all';
const roots = which === 'unit' ? ['dist/src'] : which === 'e2e' ? ['dist/test'] : ['dist/src', 'dist/test'];

function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = roots.flatMap((r) => find(r)).sort();
const node = existsSync('node_modules/node/bin/node') ? 'node_modules/node/bin/node' : process.execPath;
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const r = spawnSync(node, ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
