// Docker's `top`: the host's `ps` output cut down to a container's processes. Pure.

export interface TopResult {
  Titles: string[];
  Processes: string[][];
}


/**
 * Keeps the lines whose PID column holds one of `pids`. The header names the columns; the last column (the
 * command) may contain spaces, so each line is split into at most as many fields as there are titles.
 */
export function parsePsOutput(output: string, pids: number[]): TopResult {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (!header) throw new Error('ps printed nothing');
  const Titles = header.trim().split(/\s+/);
  const pidIndex = Titles.indexOf('PID');
  if (pidIndex < 0) throw new Error('Couldn\'t find PID field in ps output');
  const wanted = new Set(pids);
  const Processes: string[][] = [];
  for (const line of lines) {
    const fields = splitFields(line.trim(), Titles.length);
    const pid = Number(fields[pidIndex]);
    if (wanted.has(pid)) Processes.push(fields);
  }
  return { Titles, Processes };
}

/** Splits on runs of spaces into at most `n` fields, the last one keeping its spaces. */
function splitFields(line: string, n: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (out.length < n - 1) {
    const m = /^(\S+)\s+/.exec(rest);
    if (!m) break;
    out.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  out.push(rest);
  return out;
}
