// Timing helpers shared by the benchmark cases: run a command and time it, medians, percentiles.
import { spawnSync } from 'node:child_process';

/** Runs a command to completion; throws with its stderr when it fails. */
export function sh(cmd, argv, env, input) {
  const r = spawnSync(cmd, argv, { env, input, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Wall time of one CLI invocation in ms (`cli` = [command, leading args], the docker CLI by default). */
export function timeOnce(argv, env, cli = ['docker', []]) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cli[0], [...cli[1], ...argv], { env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cli[0]} ${argv.join(' ')} failed: ${r.stderr}`);
  return ms;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];

/** Times `warmup` unrecorded and `runs` recorded calls of fn; returns { median, p90, runs }. */
export async function sample(fn, runs, warmup = 3) {
  for (let i = 0; i < warmup; i++) await fn();
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(await fn());
  return { median: median(xs), p90: p90(xs), runs };
}
