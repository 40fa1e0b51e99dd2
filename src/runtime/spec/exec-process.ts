// The OCI process of an exec: the container's own process (from its bundle's config.json: capabilities, rlimits,
// env, user, cwd) with the exec's args, extra env (replacing same-named variables, as Docker does), user, working
// dir and terminal. Pure.
import type { ResolvedUser } from './user.js';

export interface OciProcess {
  terminal?: boolean;
  consoleSize?: { height: number; width: number };
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env?: string[];
  cwd: string;
  [k: string]: unknown;
}

export interface ExecProcessInput {
  args: string[];
  env: string[];
  /** Resolved `-u`; the container's user when undefined. */
  user?: ResolvedUser;
  /** `-w`; the container's working dir when empty. */
  cwd?: string;
  terminal: boolean;
  consoleSize?: { height: number; width: number };
  /** `--privileged`: the capability set to give (every one the host allows); the container's own otherwise. */
  privilegedCapabilities?: string[];
}

export function execProcess(base: OciProcess, i: ExecProcessInput): OciProcess {
  let env = mergeEnv(base.env ?? [], i.env);
  if (i.terminal && !env.some((e) => e.startsWith('TERM='))) env = [...env, 'TERM=xterm'];
  if (i.user) env = mergeEnv(env, [`HOME=${i.user.home || '/'}`]);
  const p: OciProcess = { ...base, args: i.args, env, cwd: i.cwd || base.cwd || '/', terminal: i.terminal };
  delete p.consoleSize;
  if (i.terminal && i.consoleSize && i.consoleSize.height > 0 && i.consoleSize.width > 0) p.consoleSize = i.consoleSize;
  const caps = i.privilegedCapabilities;
  if (caps) p.capabilities = { bounding: caps, effective: caps, permitted: caps };
  if (i.user) {
    p.user = { uid: i.user.uid, gid: i.user.gid, ...(i.user.additionalGids.length ? { additionalGids: i.user.additionalGids } : {}) };
  }
  return p;
}

/** `KEY=value` lists: later entries replace earlier ones of the same key, in place; a bare `KEY` is kept as given. */
export function mergeEnv(base: string[], extra: string[]): string[] {
  const out = [...base];
  const key = (e: string) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e);
  for (const e of extra) {
    const at = out.findIndex((b) => key(b) === key(e));
    if (at >= 0) out[at] = e;
    else out.push(e);
  }
  return out;
}

/** The capabilities of a bounding-set mask (`CapBnd` of /proc/<pid>/status, hex), by kernel number. */
export function capabilitiesOfMask(hex: string, names: readonly string[]): string[] {
  const mask = BigInt(`0x${hex.trim() || '0'}`);
  return names.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}
