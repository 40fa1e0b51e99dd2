// docker ps -a with --ps containers created (default 200).
import { spawn, spawnSync } from 'node:child_process';
import { timeOnce, sample } from '../lib/timing.mjs';

export const title = 'ps -a, N containers';
export async function measure(e, { runs, args }) {
  const count = Number(args.ps ?? 200);
  const cli = e.cli ?? ['docker', []];
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, count - i) }, () => new Promise((res, rej) => {
      const c = spawn(cli[0], [...cli[1], 'create', '--network', 'none', 'busybox', 'true'], { env: e.env, stdio: 'ignore' });
      c.on('exit', (code) => (code === 0 ? res() : rej(new Error('create failed'))));
    })));
  }
  const r = await sample(() => timeOnce(['ps', '-a'], e.env, e.cli), runs, 1);
  spawnSync(cli[0], [...cli[1], 'container', 'prune', '-f'], { env: e.env, stdio: 'ignore' });
  return { ...r, containers: count };
}
