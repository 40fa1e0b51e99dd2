// How a command ends with a non-zero status (nerdctl's ExitCoder). main.ts prints `message` (when non-empty) to
// stderr as is and exits with `code`.

export class ExitCodeError extends Error {
  readonly code: number;
  constructor(code: number, message = '') {
    super(message);
    this.name = 'ExitCodeError';
    this.code = code;
  }
}

/** A bad flag or flag value (pflag's errors): docker prints it with the usage line and exits 125. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A wrong number of positional arguments: docker's cli.ExactArgs & co., exit 1. */
export class ArgCountError extends Error {
  /** `See` for the RequiresMinArgs family, `Run` for the others (docker's own inconsistency). */
  readonly verb: 'See' | 'Run';
  constructor(message: string, verb: 'See' | 'Run') {
    super(message);
    this.name = 'ArgCountError';
    this.verb = verb;
  }
}

/** Docker's "accepts no arguments" / "requires N argument(s)" wording for a command and its arg rule. */
export function checkArgCount(commandPath: string, rule: { min: number; max: number }, count: number): void {
  const { min, max } = rule;
  if (count >= min && count <= max) return;
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (max === 0) throw new ArgCountError(`'${commandPath}' accepts no arguments`, 'Run');
  if (min === max) throw new ArgCountError(`'${commandPath}' requires ${min} ${plural(min)}`, 'Run');
  if (count < min) throw new ArgCountError(`'${commandPath}' requires at least ${min} ${plural(min)}`, 'See');
  throw new ArgCountError(`'${commandPath}' requires at most ${max} ${plural(max)}`, 'Run');
}
