// Where an exec's time goes: milestones in milliseconds since its start request (prepared, spawned, running,
// exited, ended), logged at debug level when the exec has ended. The first mark of a name wins.
export class ExecTiming {
  readonly #marks: Record<string, number> = {};

  constructor(readonly since: number = performance.now()) {}

  mark(name: string): void {
    this.#marks[name] ??= Math.round((performance.now() - this.since) * 10) / 10;
  }

  get marks(): Readonly<Record<string, number>> {
    return this.#marks;
  }
}
