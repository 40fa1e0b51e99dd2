// Runs the same command through the docker CLI and the berth CLI against one daemon and puts the outputs side by
// side, with what legitimately differs (the binary's name, IDs, times) normalised away.
import type { TestDaemon } from '../../helpers/test-daemon.js';
import type { ExecOptions, ExecResult } from '../../helpers/exec.js';

export interface Pair {
  docker: ExecResult;
  berth: ExecResult;
}

/** docker -> berth in messages and help, but not in URLs (docs.docker.com). */
export function dockerToBerth(s: string): string {
  return s.replace(/(?<![.\w])docker(?!\.com)/g, 'berth').replace(/Docker (version|objects)/g, 'Berth $1');
}

const TIME_RE =
  /(Less than a second|About a minute|About an hour|\d+ (seconds?|minutes|hours|days|weeks|months|years))( ago)?|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?( ?[+-]\d{4} \w+|Z)?/g;

export function normalize(s: string): string {
  return dockerToBerth(s)
    .replace(/sha256:[0-9a-f]{64}/g, '<DIGEST>')
    .replace(/\b[0-9a-f]{64}\b/g, '<ID>')
    .replace(/\b[0-9a-f]{12}\b/g, '<id>')
    .replace(TIME_RE, '<TIME>');
}

/** Tables: times of different length change the padding, so compare cells split on runs of 3+ spaces. */
export function cells(s: string): string[][] {
  return normalize(s)
    .split('\n')
    .map((l) => l.split(/ {3,}/));
}

export async function both(d: TestDaemon, args: string[], options: ExecOptions = {}): Promise<Pair> {
  const [docker, berth] = await Promise.all([d.docker(args, options), d.berth(args, options)]);
  return { docker, berth };
}

export async function sequential(d: TestDaemon, args: string[], options: ExecOptions = {}): Promise<Pair> {
  const docker = await d.docker(args, options);
  const berth = await d.berth(args, options);
  return { docker, berth };
}
