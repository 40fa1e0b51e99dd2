// `GET /containers/{id}/top?ps_args=`: the host's `ps` (default `-ef`) limited to the processes of the container's
// PID namespace, which runc lists (`runc ps`, host pids). As dockerd does, `ps` is first asked for just those pids
// (`-q`), and run unrestricted when the options do not combine with `-q` (`f`, say); the output is filtered either way.
import { run } from '../../common/proc/run.js';
import { BerthError, invalidArgument, notRunningFor } from '../../errors.js';
import { parsePsOutput, type TopResult } from './ps-output.js';
import type { ContainerService } from './container-service.js';

export async function topContainer(svc: ContainerService, ref: string, psArgs: string | null): Promise<TopResult> {
  const rec = svc.resolve(ref);
  if (rec.state.status !== 'running' && rec.state.status !== 'paused') {
    throw notRunningFor(rec.id, rec.state.status);
  }
  const args = (psArgs?.trim() || '-ef').split(/\s+/);
  if (args.some((a) => /^-[a-zA-Z]*q/.test(a) || a === '--pid' || a.startsWith('--pid='))) throw invalidArgument('Invalid ps arguments: the pid selection is the daemon\'s');
  const pids = await svc.runtime(rec).ps(rec.id);
  let r = await run('ps', [...args, '-q', pids.join(',') || '0'], { allowFailure: true, timeoutMs: 10_000 });
  if (r.code !== 0 && pids.length > 0) r = await run('ps', args, { allowFailure: true, timeoutMs: 10_000 });
  if (r.code !== 0 && !(pids.length === 0 && r.stdout.trim())) {
    throw new BerthError('internal', 'ERR_PS', `ps: ${(r.stderr || r.stdout).trim()}`);
  }
  try {
    return parsePsOutput(r.stdout, pids);
  } catch (err) {
    throw new BerthError('internal', 'ERR_PS', (err as Error).message, { cause: err });
  }
}
