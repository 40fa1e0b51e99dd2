// Build: type-check and compile everything (src + tests) with tsc into dist/, then bundle the two entry
// points with esbuild so `berth` and `berthd` load one file at start (measured: ~30 ms less per start).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
// BERTH_BUILD_IGNORE_TYPES=1 bundles even with type errors (for parallel work in progress); never in CI.
if (tsc.status !== 0 && process.env.BERTH_BUILD_IGNORE_TYPES !== '1') process.exit(tsc.status ?? 1);

await build({
  // apply-layer-worker: the daemon's layer-unpacking worker thread, loaded next to berthd.mjs
  entryPoints: { berth: 'src/bin/berth.ts', berthd: 'src/bin/berthd.ts', 'apply-layer-worker': 'src/layers/apply-layer-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  external: ['koffi'],
  banner: { js: "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
