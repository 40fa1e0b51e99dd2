// The shape of a command: its usage line, help text and flags, as docker's cobra/pflag definitions have them.
// Command files declare one of these; the parser and the help renderer read it.

/** pflag's value type as shown in help (`string`, `int`, `list`, …); '' for a boolean flag. */
export type FlagType = string;

export interface FlagSpec {
  name: string;
  short?: string;
  /** As docker's help prints it after the flag name ('' = boolean). */
  type: FlagType;
  usage: string;
  /** The text after "default " in help, e.g. `-1`, `"all"`, `true`. */
  defaultText?: string;
  hidden?: boolean;
}

export interface CommandSpec {
  /** The command path without the binary, e.g. `container ls`. */
  path: string;
  /** The usage line after the binary name: `ps [OPTIONS]`. */
  usage: string;
  description: string;
  /** Other full paths this command answers to (help's "Aliases:" lists them with the path itself, last). */
  aliases?: string[];
  flags: FlagSpec[];
  /** Positional argument count rule (docker's cli.NoArgs / ExactArgs / RequiresMinArgs / RequiresMaxArgs). */
  args: { min: number; max: number };
  /** false: flags end at the first positional argument (run, create, exec: the rest is the container command). */
  interspersed?: boolean;
}

const LIST_TYPES = new Set(['list', 'strings', 'filter', 'map', 'ulimit', 'mount', 'network', 'stringArray', 'stringSlice', 'weight-device', 'throttledevice']);

export type FlagKind = 'bool' | 'value' | 'list';

export function flagKind(f: FlagSpec): FlagKind {
  if (f.type === '') return 'bool';
  return LIST_TYPES.has(f.type) ? 'list' : 'value';
}

/** Docker's shared --format usage text for list commands. */
export const FORMAT_TABLE_USAGE =
  "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/** Docker's --format usage text for single-object commands (inspect, version, info). */
export const FORMAT_JSON_USAGE =
  "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";
