// docker's pattern for verbs on several objects: run them in parallel, print each reference that succeeded in
// order, collect "Error response from daemon: …" lines for the ones that failed, exit 1 if any did.
import type { CommandContext } from '../command.js';
import { ApiError } from '../client/api-error.js';
import { ExitCodeError } from '../exit-code-error.js';

export interface ForEachOptions {
  /** Errors that are printed but do not fail the command (e.g. "not found" under `rm -f`). */
  tolerate?: (err: ApiError) => boolean;
  /** Printed after the errors (docker's "Error: failed to start containers: a, b"). */
  summary?: (failed: string[]) => string;
  /** The line printed for a success (default: the reference itself). */
  render?: (ref: string, result: unknown) => string;
}

export async function forEachRef(
  ctx: CommandContext,
  refs: readonly string[],
  fn: (ref: string) => Promise<unknown>,
  options: ForEachOptions = {},
): Promise<void> {
  const started = refs.map((ref) => fn(ref).then((value) => ({ value }), (err: unknown) => err));
  const errors: string[] = [];
  const failed: string[] = [];
  for (let i = 0; i < refs.length; i++) {
    const err = await started[i];
    if (err && typeof err === 'object' && 'value' in err) {
      ctx.stdout.write(`${options.render ? options.render(refs[i]!, err.value) : refs[i]}\n`);
      continue;
    }
    if (!(err instanceof ApiError)) throw err;
    if (options.tolerate?.(err)) {
      ctx.stderr.write(`${err.toString()}\n`);
      continue;
    }
    errors.push(err.toString());
    failed.push(refs[i]!);
  }
  if (errors.length === 0) return;
  if (options.summary) errors.push(options.summary(failed));
  throw new ExitCodeError(1, errors.join('\n'));
}

export const enc = encodeURIComponent;
