// Help and usage text in docker's layout (cobra's template as docker/cli sets it, pflag's FlagUsagesWrapped).
import type { CommandSpec, FlagSpec } from './flag-spec.js';

/** pflag's wrapN: the first `i` columns of `s` cut at whitespace, allowing `slop` more to avoid orphans. */
function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nl = head.lastIndexOf('\n');
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}

/** pflag's wrap: `s` wrapped to width `w` with continuation lines indented by `i`. */
export function wrap(i: number, w: number, s: string): string {
  const indent = (n: number) => ' '.repeat(n);
  if (w === 0) return s.replaceAll('\n', '\n' + indent(i));
  let width = w - i;
  let r = '';
  if (width < 24) {
    i = 16;
    width = w - i;
    r += '\n' + indent(i);
  }
  if (width < 24) return s.replaceAll('\n', r);
  const slop = 5;
  width -= slop;
  let l: string;
  [l, s] = wrapN(width, slop, s);
  r += l.replaceAll('\n', '\n' + indent(i));
  while (s !== '') {
    let t: string;
    [t, s] = wrapN(width, slop, s);
    r += '\n' + indent(i) + t.replaceAll('\n', '\n' + indent(i));
  }
  return r;
}

/** pflag's FlagUsagesWrapped(cols) for the visible flags, sorted by name. */
export function flagUsages(flags: readonly FlagSpec[], cols: number): string {
  const lines: string[] = [];
  let maxlen = 0;
  for (const f of [...flags].filter((x) => !x.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    let line = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    if (f.type) line += ` ${f.type}`;
    line += '\0';
    maxlen = Math.max(maxlen, line.length);
    line += f.usage;
    if (f.defaultText !== undefined) line += ` (default ${f.defaultText})`;
    lines.push(line);
  }
  let out = '';
  for (const line of lines) {
    const sidx = line.indexOf('\0');
    out += `${line.slice(0, sidx)} ${' '.repeat(maxlen - sidx)} ${wrap(maxlen + 2, cols, line.slice(sidx + 1))}\n`;
  }
  return out;
}

/** The terminal width docker wraps help to: stdin's window size when it is a terminal, else 80 (minus one). */
export function helpColumns(): number {
  const cols = process.stdin.isTTY && process.stdout.isTTY ? process.stdout.columns : undefined;
  return (cols || 80) - 1;
}

export function commandHelp(bin: string, invokedPath: string, spec: CommandSpec, cols = helpColumns()): string {
  let out = `Usage:  ${bin} ${invokedPath} ${spec.usage}\n\n${spec.description}\n`;
  if (spec.aliases && spec.aliases.length > 0) {
    out += `\nAliases:\n  ${spec.aliases.map((a) => `${bin} ${a}`).join(', ')}\n`;
  }
  const visible = spec.flags.filter((f) => !f.hidden);
  if (visible.length > 0) out += `\nOptions:\n${flagUsages(visible, cols)}`;
  return out;
}

export interface GroupEntry {
  name: string;
  description: string;
}

export function groupHelp(bin: string, group: string, description: string, entries: readonly GroupEntry[]): string {
  const width = Math.max(11, ...entries.map((e) => e.name.length + 1));
  const list = [...entries].sort((a, b) => a.name.localeCompare(b.name)).map((e) => `  ${e.name.padEnd(width)}${e.description}\n`).join('');
  return `Usage:  ${bin} ${group} COMMAND\n\n${description}\n\nCommands:\n${list}\nRun '${bin} ${group} COMMAND --help' for more information on a command.\n`;
}
