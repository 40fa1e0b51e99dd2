// docker logs of a container that printed N lines (default 200k, ~90 bytes each), output to /dev/null: the log
// read path (file -> frames -> socket -> CLI). Also `logs --tail 10` (reading from the end of a big log).
import { spawnSync } from 'node:child_process';
import { sample, sh } from '../lib/timing.mjs';

export const title = 'logs of a container that printed 200k lines';

function timeToNull(cli, argv, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cli[0], [...cli[1], ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return ms;
}

export async function measure(e, { runs, args }) {
  const count = Number(args.lines ?? 200000);
  const cli = e.cli ?? ['docker', []];
  const awk = `BEGIN { for (i = 0; i < ${count}; i++) print "log line " i " of a benchmark container, padded to look like a typical application log entry" }`;
  sh(cli[0], [...cli[1], 'run', '-d', '--name', 'benchlogs', '--network', 'none', 'busybox', 'awk', awk], e.env);
  try {
    sh(cli[0], [...cli[1], 'wait', 'benchlogs'], e.env);
    const lines = sh(cli[0], [...cli[1], 'logs', '--tail', '1', 'benchlogs'], e.env);
    if (!lines.includes(`log line ${count - 1} `)) throw new Error(`the container's log is incomplete: ${lines}`);
    const all = await sample(() => timeToNull(cli, ['logs', 'benchlogs'], e.env), Math.min(runs, 10), 1);
    const tail = await sample(() => timeToNull(cli, ['logs', '--tail', '10', 'benchlogs'], e.env), Math.min(runs, 10), 1);
    return { ...all, lines: count, tailMedian: tail.median, tailP90: tail.p90 };
  } finally {
    sh(cli[0], [...cli[1], 'rm', '-f', 'benchlogs'], e.env);
  }
}
