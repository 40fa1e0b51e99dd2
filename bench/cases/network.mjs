// docker run --rm busybox true on the default bridge network (netns, veth, address, hosts/resolv.conf) against
// the same run with --network none, on one engine: the cost of networking. Target: bridge within 1.3x of none.
import { timeOnce, sample } from '../lib/timing.mjs';

export const title = 'run --rm busybox true: default bridge vs --network none';
export const engines = ['berth', 'berth-runc'];
export async function measure(e, { runs }) {
  const none = await sample(() => timeOnce(['run', '--rm', '--network', 'none', 'busybox', 'true'], e.env, e.cli), runs);
  const bridge = await sample(() => timeOnce(['run', '--rm', 'busybox', 'true'], e.env, e.cli), runs);
  const ratio = bridge.median / none.median;
  process.stderr.write(`network: none median ${none.median.toFixed(1)} ms, bridge median ${bridge.median.toFixed(1)} ms (${ratio.toFixed(2)}x)\n`);
  return { median: bridge.median, p90: bridge.p90, runs, noneMedian: none.median, noneP90: none.p90, ratio };
}
