// docker run --rm --network none busybox true: sequential, median of --runs.
import { timeOnce, sample } from '../lib/timing.mjs';

export const title = 'run --rm busybox true (--network none)';
export async function measure(e, { runs }) {
  const argv = ['run', '--rm', '--network', 'none', 'busybox', 'true'];
  return sample(() => timeOnce(argv, e.env, e.cli), runs);
}
