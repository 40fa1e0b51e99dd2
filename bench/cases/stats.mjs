// docker stats --no-stream over N running containers (default 50, `sleep`, --network none).
import { spawn } from 'node:child_process';
import { timeOnce, sample, sh } from '../lib/timing.mjs';

export const title = 'stats --no-stream, 50 running containers';
export async function measure(e, { runs, args }) {
  const count = Number(args.stats ?? 50);
  const cli = e.cli ?? ['docker', []];
  const names = Array.from({ length: count }, (_, i) => `benchstats${i}`);
  try {
    for (let i = 0; i < count; i += 10) {
      await Promise.all(names.slice(i, i + 10).map((name) => new Promise((res, rej) => {
        const c = spawn(cli[0], [...cli[1], 'run', '-d', '--name', name, '--network', 'none', 'busybox', 'sleep', '100000'], { env: e.env, stdio: 'ignore' });
        c.on('exit', (code) => (code === 0 ? res() : rej(new Error(`run ${name} failed`))));
      })));
    }
    const running = sh(cli[0], [...cli[1], 'ps', '-q'], e.env).trim().split('\n').filter(Boolean).length;
    if (running !== count) throw new Error(`${running} of ${count} containers running`);
    const r = await sample(() => timeOnce(['stats', '--no-stream'], e.env, e.cli), Math.min(runs, 10), 1);
    return { ...r, containers: count };
  } finally {
    spawnSyncQuiet(cli, ['rm', '-f', ...names], e.env);
  }
}

function spawnSyncQuiet(cli, argv, env) {
  try {
    sh(cli[0], [...cli[1], ...argv], env);
  } catch {
    // some were never created
  }
}
