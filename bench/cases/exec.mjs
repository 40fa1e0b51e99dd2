// docker exec latency: `docker exec web true` against a running container (created once, --network none), and
// `docker exec -t web true` (a terminal: berth runs that one under conmon). The CLI's create + start + inspect.
import { timeOnce, sample, sh } from '../lib/timing.mjs';

export const title = 'exec true in a running container';
export async function measure(e, { runs }) {
  const cli = e.cli ?? ['docker', []];
  sh(cli[0], [...cli[1], 'run', '-d', '--name', 'benchexec', '--network', 'none', 'busybox', 'sleep', '100000'], e.env);
  try {
    const plain = await sample(() => timeOnce(['exec', 'benchexec', 'true'], e.env, e.cli), runs);
    const tty = await sample(() => timeOnce(['exec', '-t', 'benchexec', 'true'], e.env, e.cli), runs);
    return { ...plain, ttyMedian: tty.median, ttyP90: tty.p90 };
  } finally {
    sh(cli[0], [...cli[1], 'rm', '-f', 'benchexec'], e.env);
  }
}
