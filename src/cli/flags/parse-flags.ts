// A small pflag-compatible parser: `-it`, `-e=X`, `-eX`, `--env X`, `--env=X`, repeated flags, `--`, bool flags
// with `=false`, and (for run/create) the rule that flags stop at the first positional argument.
import { flagKind, type CommandSpec, type FlagSpec } from './flag-spec.js';
import { UsageError } from '../exit-code-error.js';

const INT_TYPES = new Set(['int', 'int64', 'uint', 'uint16', 'uint64']);

export class ParsedFlags {
  readonly #values = new Map<string, string[]>();
  readonly #specs: Map<string, FlagSpec>;
  constructor(specs: FlagSpec[]) {
    this.#specs = new Map(specs.map((f) => [f.name, f]));
  }

  set(name: string, value: string): void {
    const spec = this.#specs.get(name)!;
    const cur = this.#values.get(name);
    if (cur && flagKind(spec) === 'list') cur.push(value);
    else this.#values.set(name, [value]);
  }

  /** Whether the flag was given on the command line (pflag's Changed). */
  has(name: string): boolean {
    return this.#values.has(name);
  }

  bool(name: string): boolean {
    const v = this.#values.get(name);
    if (v) return v[v.length - 1] === 'true';
    return this.#specs.get(name)?.defaultText === 'true';
  }

  string(name: string): string | undefined {
    const v = this.#values.get(name);
    return v ? v[v.length - 1] : undefined;
  }

  list(name: string): string[] {
    return this.#values.get(name) ?? [];
  }

  int(name: string): number | undefined {
    const s = this.string(name);
    return s === undefined ? undefined : Number(s);
  }
}

export interface ParseResult {
  flags: ParsedFlags;
  args: string[];
  /** --help (or the deprecated -h) was given. */
  help: boolean;
  /** -h was used for help: docker prints a deprecation line first. */
  helpShorthand: boolean;
}

const BOOL_RE = /^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/;

function flagLabel(f: FlagSpec): string {
  return f.short ? `-${f.short}, --${f.name}` : `--${f.name}`;
}

function checkValue(f: FlagSpec, value: string): string {
  const kind = flagKind(f);
  if (kind === 'bool') {
    if (!BOOL_RE.test(value)) {
      throw new UsageError(`invalid argument "${value}" for "${flagLabel(f)}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
    }
    return /^(1|t|T|true|TRUE|True)$/.test(value) ? 'true' : 'false';
  }
  if (INT_TYPES.has(f.type)) {
    const unsigned = f.type.startsWith('uint');
    const ok = unsigned ? /^\+?\d+$/.test(value) : /^[-+]?\d+$/.test(value);
    if (!ok) {
      const fn = unsigned ? 'ParseUint' : 'ParseInt';
      throw new UsageError(`invalid argument "${value}" for "${flagLabel(f)}" flag: strconv.${fn}: parsing "${value}": invalid syntax`);
    }
    return String(Number(value));
  }
  return value;
}

export function parseFlags(spec: Pick<CommandSpec, 'flags' | 'interspersed'>, argv: readonly string[]): ParseResult {
  const longs = new Map(spec.flags.map((f) => [f.name, f]));
  const shorts = new Map(spec.flags.filter((f) => f.short).map((f) => [f.short!, f]));
  const hShorthandFree = !shorts.has('h');
  const flags = new ParsedFlags(spec.flags);
  const args: string[] = [];
  let help = false;
  let helpShorthand = false;
  let i = 0;
  const next = (): string | undefined => (i < argv.length ? argv[i++] : undefined);

  while (i < argv.length) {
    const a = argv[i++]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const f = longs.get(name);
      if (!f) {
        if (name === 'help') {
          help = true;
          continue;
        }
        throw new UsageError(`unknown flag: --${name}`);
      }
      if (eq >= 0) flags.set(f.name, checkValue(f, a.slice(eq + 1)));
      else if (flagKind(f) === 'bool') flags.set(f.name, 'true');
      else {
        const v = next();
        if (v === undefined) throw new UsageError(`flag needs an argument: --${name}`);
        flags.set(f.name, checkValue(f, v));
      }
      if (f.name === 'help' && flags.bool('help')) help = true;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      let rest = a.slice(1);
      while (rest.length > 0) {
        const c = rest[0]!;
        rest = rest.slice(1);
        const f = shorts.get(c);
        if (!f) {
          if (c === 'h' && hShorthandFree) {
            help = true;
            helpShorthand = true;
            continue;
          }
          throw new UsageError(`unknown shorthand flag: '${c}' in ${a}`);
        }
        if (flagKind(f) === 'bool') {
          if (rest.startsWith('=')) {
            flags.set(f.name, checkValue(f, rest.slice(1)));
            rest = '';
          } else flags.set(f.name, 'true');
          continue;
        }
        let value: string | undefined;
        if (rest.length > 0) value = rest.startsWith('=') ? rest.slice(1) : rest;
        else value = next();
        if (value === undefined) throw new UsageError(`flag needs an argument: '${c}' in -${c}`);
        flags.set(f.name, checkValue(f, value));
        rest = '';
      }
      continue;
    }
    args.push(a);
    if (spec.interspersed === false) {
      args.push(...argv.slice(i));
      break;
    }
  }
  return { flags, args, help, helpShorthand };
}
