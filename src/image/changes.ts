// `docker import --change` / `commit --change`: the Dockerfile instructions that may change an image config.
import { invalidArgument } from '../errors.js';
import { parseGoDuration } from '../common/go-duration.js';
import type { ContainerConfigInImage } from './image-config.js';

const ALLOWED = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'ONBUILD', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];

/** JSON array form, or the shell form wrapped in `/bin/sh -c`. */
function commandForm(arg: string): string[] {
  const t = arg.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      // not JSON: docker falls back to the shell form
    }
  }
  return ['/bin/sh', '-c', t];
}

/** `K=V K2="v 2"` or the legacy `K V` form. */
function keyValues(arg: string, instr: string): Array<[string, string]> {
  const t = arg.trim();
  const firstSpace = t.search(/\s/);
  const firstEq = t.indexOf('=');
  if (firstEq < 0 || (firstSpace >= 0 && firstSpace < firstEq)) {
    if (firstSpace < 0) throw invalidArgument(`${instr} requires at least one argument`);
    return [[t.slice(0, firstSpace), t.slice(firstSpace).trim()]];
  }
  const out: Array<[string, string]> = [];
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (const m of t.matchAll(re)) {
    let v = m[2]!;
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (v.startsWith("'")) v = v.slice(1, -1);
    out.push([m[1]!, v]);
  }
  return out;
}

/** `HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D] [--retries=N] CMD …` or `NONE`. */
function healthcheckInstruction(arg: string): NonNullable<ContainerConfigInImage['Healthcheck']> {
  let rest = arg.trim();
  const h: NonNullable<ContainerConfigInImage['Healthcheck']> = {};
  const keys: Record<string, 'Interval' | 'Timeout' | 'StartPeriod' | 'StartInterval'> = { interval: 'Interval', timeout: 'Timeout', 'start-period': 'StartPeriod', 'start-interval': 'StartInterval' };
  for (let m = /^--([a-z-]+)=(\S*)\s*/.exec(rest); m; m = /^--([a-z-]+)=(\S*)\s*/.exec(rest)) {
    const [, flag, value] = m as unknown as [string, string, string];
    if (flag === 'retries') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw invalidArgument(`invalid value for --retries: ${value}`);
      h.Retries = n;
    } else if (keys[flag]) {
      try {
        (h as Record<string, number>)[keys[flag]!] = parseGoDuration(value);
      } catch (err) {
        throw invalidArgument(`invalid value for --${flag}: ${(err as Error).message}`);
      }
    } else throw invalidArgument(`Unknown flag: ${flag}`);
    rest = rest.slice(m[0].length);
  }
  const sp = rest.search(/\s/);
  const kind = (sp < 0 ? rest : rest.slice(0, sp)).toUpperCase();
  if (kind === 'NONE') return { Test: ['NONE'] };
  if (kind !== 'CMD') throw invalidArgument(`Unknown type "${kind}" in HEALTHCHECK (try CMD)`);
  const cmd = rest.slice(sp).trim();
  const form = commandForm(cmd);
  h.Test = cmd.startsWith('[') && !(form[0] === '/bin/sh' && form[1] === '-c' && form[2] === cmd) ? ['CMD', ...form] : ['CMD-SHELL', cmd];
  return h;
}

export function applyChanges(config: ContainerConfigInImage, changes: readonly string[]): ContainerConfigInImage {
  const c: ContainerConfigInImage = { ...config };
  for (const change of changes) {
    const trimmed = change.trim();
    if (trimmed === '') continue;
    const sp = trimmed.search(/\s/);
    const instr = (sp < 0 ? trimmed : trimmed.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : trimmed.slice(sp + 1);
    if (!ALLOWED.includes(instr)) throw invalidArgument(`${instr.toLowerCase()} is not a valid change command`);
    switch (instr) {
      case 'CMD':
        c.Cmd = commandForm(arg);
        break;
      case 'ENTRYPOINT':
        c.Entrypoint = commandForm(arg);
        break;
      case 'ENV': {
        const env = [...(c.Env ?? [])];
        for (const [k, v] of keyValues(arg, 'ENV')) {
          const i = env.findIndex((e) => e.split('=')[0] === k);
          if (i >= 0) env[i] = `${k}=${v}`;
          else env.push(`${k}=${v}`);
        }
        c.Env = env;
        break;
      }
      case 'LABEL':
        c.Labels = { ...(c.Labels ?? {}), ...Object.fromEntries(keyValues(arg, 'LABEL')) };
        break;
      case 'EXPOSE': {
        const ports = { ...(c.ExposedPorts ?? {}) };
        for (const p of arg.trim().split(/\s+/).filter(Boolean)) ports[p.includes('/') ? p : `${p}/tcp`] = {};
        c.ExposedPorts = ports;
        break;
      }
      case 'VOLUME': {
        const vols = { ...(c.Volumes ?? {}) };
        for (const v of arg.trim().startsWith('[') ? commandForm(arg) : arg.trim().split(/\s+/)) vols[v] = {};
        c.Volumes = vols;
        break;
      }
      case 'WORKDIR':
        c.WorkingDir = arg.trim();
        break;
      case 'USER':
        c.User = arg.trim();
        break;
      case 'STOPSIGNAL':
        c.StopSignal = arg.trim();
        break;
      case 'HEALTHCHECK':
        c.Healthcheck = healthcheckInstruction(arg);
        break;
      case 'ONBUILD':
        c.OnBuild = [...(c.OnBuild ?? []), arg.trim()];
        break;
    }
  }
  return c;
}
