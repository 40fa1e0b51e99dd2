// The instructions that only change the image config: CMD, ENTRYPOINT, ENV, LABEL, EXPOSE, WORKDIR, USER, VOLUME,
// STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER. Each takes the config and returns the changed copy. Pure.
import { posix } from 'node:path';
import { invalidArgument } from '../errors.js';
import type { ContainerConfigInImage } from '../image/image-config.js';
import type { Instruction } from './dockerfile/parser.js';
import { processWord, processWords, type Env } from './dockerfile/shell-lex.js';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

export interface ConfigStepState {
  config: ContainerConfigInImage;
  /** The image's author (MAINTAINER). */
  author?: string;
  /** CMD was set in this stage (an ENTRYPOINT then keeps it). */
  cmdSet: boolean;
}

const argError = (cmd: string, n = 'at least one argument') => invalidArgument(`${cmd.toUpperCase()} requires ${n}`);

/** The shell form as the command runs it, or the exec form as written. */
export function commandOf(i: Instruction, shell: readonly string[] | undefined): string[] {
  if (i.json) return i.json;
  return [...(shell ?? DEFAULT_SHELL), i.args];
}

/** `K=V K2="v 2"` pairs, or the legacy `K V…` form (one pair, the rest of the line as the value). */
export function keyValuePairs(i: Instruction, env: Env, escape: string): Array<[string, string]> {
  const words = processWords(i.args, env, escape);
  if (words.length === 0) throw argError(i.cmd);
  if (!words[0]!.includes('=')) {
    // Legacy form: the first word is the key, the rest of the line is the value.
    const m = /^(\S+)\s+([\s\S]*)$/.exec(i.args);
    if (!m) throw invalidArgument(`${i.cmd.toUpperCase()} must have two arguments`);
    return [[m[1]!, processWord(m[2]!, env, escape)]];
  }
  return words.map((w) => {
    const at = w.indexOf('=');
    const k = w.slice(0, at);
    if (k === '') throw invalidArgument(`${i.cmd.toUpperCase()} names can not be blank`);
    return [k, w.slice(at + 1)];
  });
}

/** Go duration (`30s`, `1m30s`, `500ms`) -> nanoseconds. */
export function parseDuration(s: string, flag: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * unit[m[2]!]!;
    consumed += m[0].length;
  }
  if (s === '0') return 0;
  if (consumed !== s.length || s === '') throw invalidArgument(`time: invalid duration "${s}" for flag --${flag}`);
  return Math.round(total);
}

export function applyConfigInstruction(state: ConfigStepState, i: Instruction, env: Env, escape: string): ConfigStepState {
  const c: ContainerConfigInImage = { ...state.config };
  let { author, cmdSet } = state;
  switch (i.cmd) {
    case 'cmd':
      c.Cmd = commandOf(i, c.Shell);
      cmdSet = true;
      break;
    case 'entrypoint':
      c.Entrypoint = i.json ?? (i.args === '' ? [] : [...(c.Shell ?? DEFAULT_SHELL), i.args]);
      if (!cmdSet) delete c.Cmd;
      break;
    case 'env': {
      const list = [...(c.Env ?? [])];
      for (const [k, v] of keyValuePairs(i, env, escape)) {
        const at = list.findIndex((e) => e.split('=')[0] === k);
        if (at >= 0) list[at] = `${k}=${v}`;
        else list.push(`${k}=${v}`);
      }
      c.Env = list;
      break;
    }
    case 'label':
      c.Labels = { ...(c.Labels ?? {}), ...Object.fromEntries(keyValuePairs(i, env, escape)) };
      break;
    case 'maintainer':
      if (i.args === '') throw argError(i.cmd, 'exactly one argument');
      author = i.args;
      break;
    case 'expose': {
      const ports = { ...(c.ExposedPorts ?? {}) };
      const words = processWords(i.args, env, escape);
      if (words.length === 0) throw argError(i.cmd);
      for (const p of words) {
        if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(p)) throw invalidArgument(`invalid containerPort: ${p.split('/')[0]}`);
        const [range, proto = 'tcp'] = p.toLowerCase().split('/');
        const [a, b] = range!.split('-').map(Number);
        for (let n = a!; n <= (b ?? a!); n++) ports[`${n}/${proto}`] = {};
      }
      c.ExposedPorts = ports;
      break;
    }
    case 'workdir': {
      const dir = processWord(i.args, env, escape);
      if (dir === '') throw argError(i.cmd, 'exactly one argument');
      c.WorkingDir = posix.isAbsolute(dir) ? posix.normalize(dir) : posix.join(c.WorkingDir || '/', dir);
      break;
    }
    case 'user': {
      const u = processWord(i.args, env, escape);
      if (u === '') throw argError(i.cmd, 'exactly one argument');
      c.User = u;
      break;
    }
    case 'volume': {
      const vols = { ...(c.Volumes ?? {}) };
      const list = i.json ?? processWords(i.args, env, escape);
      if (list.length === 0) throw argError(i.cmd);
      for (const v of list) {
        if (v.trim() === '') throw invalidArgument('VOLUME specified can not be an empty string');
        vols[v] = {};
      }
      c.Volumes = vols;
      break;
    }
    case 'stopsignal': {
      const s = processWord(i.args, env, escape);
      if (s === '') throw argError(i.cmd, 'exactly one argument');
      c.StopSignal = s;
      break;
    }
    case 'shell':
      if (!i.json) throw invalidArgument('SHELL requires the arguments to be in JSON form');
      if (i.json.length === 0) throw invalidArgument('SHELL requires at least one argument');
      c.Shell = i.json;
      break;
    case 'onbuild': {
      const trigger = i.args.trim();
      const word = trigger.split(/\s+/)[0]!.toUpperCase();
      if (word === 'ONBUILD') throw invalidArgument('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
      if (word === 'FROM' || word === 'MAINTAINER') throw invalidArgument(`${word} isn't allowed as an ONBUILD trigger`);
      c.OnBuild = [...(c.OnBuild ?? []), trigger];
      break;
    }
    case 'healthcheck':
      c.Healthcheck = healthcheck(i);
      break;
    default:
      throw new Error(`not a config instruction: ${i.cmd}`);
  }
  return { config: c, author, cmdSet };
}

function healthcheck(i: Instruction): NonNullable<ContainerConfigInImage['Healthcheck']> {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(i.args);
  const kind = m?.[1]?.toUpperCase();
  if (kind === 'NONE') {
    if (m![2]!.trim() !== '' || Object.keys(i.flags).length) throw invalidArgument('HEALTHCHECK NONE takes no arguments');
    return { Test: ['NONE'] };
  }
  if (kind !== 'CMD') throw invalidArgument(`Unknown type "${m?.[1] ?? ''}" in HEALTHCHECK (try CMD)`);
  const rest = m![2]!.trim();
  if (rest === '') throw invalidArgument('Missing command after HEALTHCHECK CMD');
  let test: string[];
  try {
    const v = JSON.parse(rest) as unknown;
    test = Array.isArray(v) && v.every((x) => typeof x === 'string') ? ['CMD', ...v] : ['CMD-SHELL', rest];
  } catch {
    test = ['CMD-SHELL', rest];
  }
  const hc: NonNullable<ContainerConfigInImage['Healthcheck']> = { Test: test };
  if (i.flags.interval) hc.Interval = parseDuration(i.flags.interval, 'interval');
  if (i.flags.timeout) hc.Timeout = parseDuration(i.flags.timeout, 'timeout');
  if (i.flags['start-period']) hc.StartPeriod = parseDuration(i.flags['start-period'], 'start-period');
  if (i.flags.retries) {
    const n = Number(i.flags.retries);
    if (!Number.isInteger(n) || n < 0) throw invalidArgument(`invalid value for --retries: ${i.flags.retries}`);
    hc.Retries = n;
  }
  return hc;
}
