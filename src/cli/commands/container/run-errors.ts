// docker's toStatusError for run/create: the exit code says why the container could not run (127: the command
// was not found, 126: it could not be invoked, 125: anything else), and the text ends with the --help hint.
import { ApiError } from '../../client/api-error.js';
import { ExitCodeError, UsageError } from '../../exit-code-error.js';

export function runStatusCode(message: string): number {
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(message)) return 127;
  if (/permission denied|is a directory/.test(message)) return 126;
  return 125;
}

export function toStatusError(err: unknown, bin: string, verb: string): ExitCodeError | UsageError {
  if (err instanceof UsageError) return err; // a bad flag value: printed with the usage line, exit 125
  if (err instanceof ExitCodeError) {
    // Exit 1 is a plain CLI error (docker: "conflicting options: …"), printed as it is.
    if (!err.message || err.code === 1) return err;
    return new ExitCodeError(err.code, `${bin}: ${err.message}\n\nRun '${bin} ${verb} --help' for more information`);
  }
  const message = err instanceof ApiError ? err.toString() : err instanceof Error ? err.message : String(err);
  return new ExitCodeError(runStatusCode(message), `${bin}: ${message}\n\nRun '${bin} ${verb} --help' for more information`);
}
