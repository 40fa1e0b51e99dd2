// docker build with the classic builder (DOCKER_BUILDKIT=0): 5 RUN steps and a 20 MB COPY. Cold = --no-cache
// (every step runs), warm = everything cached. Both engines get their default bridge for the RUN containers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { timeOnce, median, p90 } from '../lib/timing.mjs';

export const title = 'build: 5 RUN + 20 MB COPY (classic builder), cold (--no-cache) and warm';
export const engines = ['berth', 'dockerd'];
export const engineOptions = { network: true };

export async function measure(e, { runs, dir }) {
  const ctx = join(dir, 'ctx');
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, 'blob.bin'), randomBytes(20 << 20));
  writeFileSync(
    join(ctx, 'Dockerfile'),
    ['FROM busybox', 'RUN echo 1 > /one', 'RUN echo 2 > /two', 'COPY blob.bin /data/blob.bin', 'RUN wc -c /data/blob.bin > /size', 'RUN echo 4 > /four', 'RUN echo 5 > /five', 'CMD ["sh"]', ''].join('\n'),
  );
  const env = { ...e.env, DOCKER_BUILDKIT: '0' };
  const build = (extra) => timeOnce(['build', '-q', ...extra, '-t', 'bench:build', ctx], env);
  build([]); // first build: warms the page cache for the context and the engine's code paths
  const n = Math.max(3, Math.min(runs, 10));
  const cold = [];
  const warm = [];
  for (let i = 0; i < n; i++) {
    cold.push(build(['--no-cache']));
    warm.push(build([]));
  }
  return { median: median(cold), p90: p90(cold), runs: n, warmMedian: median(warm), warmP90: p90(warm) };
}
