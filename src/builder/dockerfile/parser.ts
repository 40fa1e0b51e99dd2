// Dockerfile text -> instructions: parser directives (`# escape=`), comments, line continuations, flags
// (`--from=x`), the JSON (exec) form, and Docker's error messages for what it cannot read. Pure.
import { BerthError } from '../../errors.js';

export interface Instruction {
  /** Lower case: `from`, `run`, ... */
  cmd: string;
  /** The instruction as written (continuations joined), for "Step n/m : …" and history. */
  original: string;
  /** 1-based line where the instruction starts. */
  line: number;
  flags: Record<string, string>;
  /** The arguments after the flags, as written. */
  args: string;
  /** The exec form, when the arguments are a JSON array of strings. */
  json: string[] | undefined;
}

export interface Dockerfile {
  escape: string;
  instructions: Instruction[];
}

export const KNOWN = ['add', 'arg', 'cmd', 'copy', 'entrypoint', 'env', 'expose', 'from', 'healthcheck', 'label', 'maintainer', 'onbuild', 'run', 'shell', 'stopsignal', 'user', 'volume', 'workdir'];

const FLAGS: Record<string, string[]> = {
  from: ['platform'],
  copy: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
  add: ['chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude'],
  run: ['mount', 'network', 'security'],
  healthcheck: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};

export function parseError(line: number, message: string): BerthError {
  return new BerthError('invalid-argument', 'ERR_DOCKERFILE_PARSE', `dockerfile parse error on line ${line}: ${message}`);
}

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  // Parser directives: only at the very top, `# name=value`, each name once.
  const seen = new Set<string>();
  for (; i < lines.length; i++) {
    const m = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(lines[i]!);
    if (!m) break;
    const name = m[1]!.toLowerCase();
    if (seen.has(name)) throw parseError(i + 1, `only one ${name} parser directive can be used`);
    seen.add(name);
    if (name === 'escape') {
      if (m[2] !== '\\' && m[2] !== '`') throw parseError(i + 1, `invalid escape token '${m[2]}' does not match ${'`'} or \\`);
      escape = m[2]!;
    }
  }
  const instructions: Instruction[] = [];
  const contRe = new RegExp(`${escapeRe(escape)}\\s*$`);
  while (i < lines.length) {
    const raw = lines[i]!;
    const startLine = i + 1;
    i++;
    if (/^\s*$/.test(raw) || /^\s*#/.test(raw)) continue;
    let text = raw.trimStart();
    // Continuations: comment lines and empty lines inside are dropped.
    while (contRe.test(text)) {
      text = text.replace(contRe, '');
      let next: string | undefined;
      while (i < lines.length) {
        const l = lines[i]!;
        i++;
        if (/^\s*#/.test(l) || /^\s*$/.test(l)) continue;
        next = l;
        break;
      }
      if (next === undefined) break;
      text += next;
    }
    text = text.trim();
    if (text === '') continue;
    instructions.push(parseLine(text, startLine));
  }
  return { escape, instructions };
}

function parseLine(text: string, line: number): Instruction {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text)!;
  const cmd = m[1]!.toLowerCase();
  if (!KNOWN.includes(cmd)) throw parseError(line, `unknown instruction: ${m[1]!}`);
  let rest = m[2]!;
  const flags: Record<string, string> = {};
  const allowed = FLAGS[cmd];
  if (allowed) {
    for (;;) {
      const f = /^--([a-zA-Z-]+)(?:=(\S*))?(?:\s+|$)/.exec(rest);
      if (!f) break;
      if (!allowed.includes(f[1]!)) throw parseError(line, `unknown flag: ${f[1]}`);
      if (f[2] === undefined) throw parseError(line, `missing a value on flag: ${f[1]}`);
      flags[f[1]!] = f[2];
      rest = rest.slice(f[0].length);
    }
  }
  let json: string[] | undefined;
  if (['run', 'cmd', 'entrypoint', 'shell', 'volume', 'copy', 'add', 'healthcheck', 'onbuild'].includes(cmd) && rest.trimStart().startsWith('[')) {
    try {
      const v = JSON.parse(rest) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) json = v;
    } catch {
      // not JSON: the shell form
    }
  }
  return { cmd, original: text, line, flags, args: rest.trim(), json };
}

function escapeRe(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
