// Imports only point downward (STYLE.md §3.1). Scans the import specifiers of src/**/*.ts and checks each
// relative import against the table of what a layer may use. Adding a module means adding it here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, dirname, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

const SRC = join(REPO_ROOT, 'src');
const FOUNDATION = ['common', 'errors', 'log', 'reference'];
const CORE = ['content', 'snapshots', 'layers', 'image', 'metadata', 'gc', 'registry', 'runtime', 'network', 'volumes', 'logs', 'events', 'container'];

/** layer -> layers it may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  errors: [],
  log: [],
  common: [],
  reference: ['errors'],
  config: ['errors', 'common', 'log'],
  content: FOUNDATION,
  snapshots: FOUNDATION,
  layers: FOUNDATION,
  image: [...FOUNDATION, 'content', 'snapshots', 'layers'],
  metadata: FOUNDATION,
  gc: [...FOUNDATION, 'metadata', 'content', 'snapshots'],
  registry: FOUNDATION,
  runtime: FOUNDATION,
  network: FOUNDATION,
  volumes: FOUNDATION,
  logs: FOUNDATION,
  events: FOUNDATION,
  container: FOUNDATION,
  engine: [...FOUNDATION, ...CORE, 'config', 'api-constants'],
  builder: [...FOUNDATION, ...CORE, 'config', 'engine'],
  api: [...FOUNDATION, 'engine', 'config', 'api-constants'],
  cli: ['errors', 'common', 'api-constants'],
  daemon: [...FOUNDATION, ...CORE, 'config', 'engine', 'api', 'builder'],
  bin: ['cli', 'daemon', 'config', 'api-constants', 'errors', 'log'],
};

/** Which layer a src-relative path is in. api/version.ts is a leaf of constants anyone at the edges may read. */
function layerOf(rel: string): string {
  if (rel === 'api/version.ts') return 'api-constants';
  const top = rel.split('/')[0]!;
  return top.replace(/\.ts$/, '');
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) yield p;
  }
}

test('src imports only point downward', async () => {
  const violations: string[] = [];
  for await (const file of walk(SRC)) {
    const rel = relative(SRC, file);
    const from = layerOf(rel);
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const target = relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
      const to = layerOf(target);
      if (to === from || (from === 'api-constants' && to === 'api')) continue;
      const allowed = ALLOWED[from];
      if (!allowed) {
        violations.push(`${rel}: layer "${from}" is not in the architecture table`);
        continue;
      }
      if (!allowed.includes(to)) violations.push(`${rel} imports ${target} (${from} -> ${to})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the architecture check catches a violation (table sanity)', () => {
  assert.ok(!ALLOWED.cli!.includes('engine'));
  assert.ok(!ALLOWED.runtime!.includes('image'));
  assert.equal(layerOf('cli/main.ts'), 'cli');
  assert.equal(layerOf('errors.ts'), 'errors');
});
