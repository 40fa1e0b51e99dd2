#!/usr/bin/env node
// Side-by-side benchmark: the same docker CLI against berthd and, where installed, dockerd and podman
// (podman's Docker-compatible API service). For every case each engine is started fresh with its own temporary
// roots and socket and seeded with the same busybox image (built from the host's busybox-static); the case then
// times its commands. Prints medians and ratios against dockerd.
//
//   node bench/run.mjs [--cases run,ps] [--runs 20] [--engines berth,dockerd,podman] [--json out.json] [case options]
//
// A case is a module in bench/cases/<name>.mjs exporting:
//   title                      one line saying what is timed
//   measure(engine, ctx)       -> { median, p90, ...details } in ms; ctx = { runs, args, dir }
//   engineOptions (optional)   passed to the engine's start, e.g. { network: true } (see bench/lib/engines.mjs)
//   engines (optional)         the engines this case supports (default: all)
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, env0, seedBusybox, cleanupEngine } from './lib/engines.mjs';
import { sh } from './lib/timing.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const args = {};
for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) args[argv[i].slice(2)] = argv[i + 1]?.startsWith('--') ? 'true' : argv[++i];
const allCases = readdirSync(join(here, 'cases')).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort();
const CASES = (args.cases ?? 'run,ps').split(',');
const RUNS = Number(args.runs ?? 20);
const ENGINES = (args.engines ?? 'berth,dockerd,podman').split(',');

async function runCase(name, mod, engineName) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${engineName}-`));
  let e;
  try {
    e = await engines[engineName](dir, mod.engineOptions ?? {});
    if (!e) return undefined;
    seedBusybox(e);
    return await mod.measure(e, { runs: RUNS, args, dir });
  } finally {
    await e?.stop();
    await cleanupEngine(e, dir);
  }
}

const results = [];
for (const name of CASES) {
  if (!allCases.includes(name)) throw new Error(`unknown case ${name} (cases: ${allCases.join(', ')})`);
  const mod = await import(join(here, 'cases', `${name}.mjs`));
  for (const engineName of ENGINES.filter((n) => !mod.engines || mod.engines.includes(n))) {
    try {
      const r = await runCase(name, mod, engineName);
      if (!r) process.stderr.write(`${engineName}: not installed, skipped\n`);
      else {
        results.push({ case: name, engine: engineName, ...r });
        process.stderr.write(`${name} ${engineName}: median ${r.median.toFixed(1)} ms\n`);
      }
    } catch (err) {
      process.stderr.write(`${name} ${engineName}: failed: ${err.message}\n`);
    }
  }
}

const fmt = (x) => (x === undefined ? '-' : x.toFixed(1));
console.log(`docker CLI: ${sh('docker', ['--version'], env0).trim()}; runs=${RUNS}`);
console.log(`${'case'.padEnd(12)} ${'engine'.padEnd(10)} ${'median (p90) ms'.padEnd(22)} vs dockerd`);
for (const r of results) {
  const docker = results.find((x) => x.case === r.case && x.engine === 'dockerd');
  const ratio = docker ? (r.median / docker.median).toFixed(2) + 'x' : '-';
  console.log(`${r.case.padEnd(12)} ${r.engine.padEnd(10)} ${`${fmt(r.median)} (${fmt(r.p90)})`.padEnd(22)} ${ratio}`);
  if (r.warmMedian !== undefined) {
    const warmRatio = docker?.warmMedian ? (r.warmMedian / docker.warmMedian).toFixed(2) + 'x' : '-';
    console.log(`${(r.case + ' warm').padEnd(12)} ${r.engine.padEnd(10)} ${`${fmt(r.warmMedian)} (${fmt(r.warmP90)})`.padEnd(22)} ${warmRatio}`);
  }
}
if (args.json) writeFileSync(args.json, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, results }, null, 2));
