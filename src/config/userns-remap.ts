// `--userns-remap`: which host ID range the containers' root is. As dockerd: `default` makes (once) the system
// user and group `dockremap` and gives them a range in /etc/subuid and /etc/subgid; otherwise `user[:group]` or
// `uid[:gid]` names an account whose first subordinate ranges are used. Runs at daemon start only.
import { execFile } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { IdMap } from '../common/id-map.js';
import { invalidArgument } from '../errors.js';

const run = promisify(execFile);
export const DEFAULT_REMAP_USER = 'dockremap';
const RANGE_SIZE = 65536;
const FIRST_START = 100000;

export interface SubIdRange {
  owner: string;
  start: number;
  count: number;
}

/** `name:start:count` lines of /etc/subuid or /etc/subgid (comments and malformed lines skipped). */
export function parseSubIds(text: string): SubIdRange[] {
  const out: SubIdRange[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^:#\s][^:]*):(\d+):(\d+)\s*$/.exec(line.trim());
    if (m) out.push({ owner: m[1]!, start: Number(m[2]), count: Number(m[3]) });
  }
  return out;
}

/** The first range of `name` (or of its numeric ID), if any. */
export function rangeOf(ranges: SubIdRange[], name: string, id?: number): SubIdRange | undefined {
  return ranges.find((r) => r.owner === name || (id !== undefined && r.owner === String(id)));
}

/** Where a new range can start: after every range already given out, and not below 100000. */
export function nextFreeStart(ranges: SubIdRange[]): number {
  return ranges.reduce((end, r) => Math.max(end, r.start + r.count), FIRST_START);
}

export interface Account {
  user: string;
  uid: number;
  group: string;
  gid: number;
}

/** The ID map for a `--userns-remap` value; `default` creates dockremap and its ranges when missing. */
export async function resolveUsernsRemap(spec: string, files = { subuid: '/etc/subuid', subgid: '/etc/subgid' }): Promise<IdMap> {
  const [userPart, groupPart] = spec.split(':') as [string, string | undefined];
  if (!userPart) throw invalidArgument(`invalid --userns-remap value "${spec}"`);
  if (spec === 'default') await ensureDefaultUser(files);
  const user = await lookup('passwd', userPart === 'default' ? DEFAULT_REMAP_USER : userPart);
  if (!user) throw invalidArgument(`Error during uid lookup for "${userPart}": no such user`);
  const groupName = groupPart ?? (userPart === 'default' ? DEFAULT_REMAP_USER : user.name);
  const group = await lookup('group', groupName);
  if (!group) throw invalidArgument(`Error during gid lookup for "${groupName}": no such group`);
  const uids = rangeOf(parseSubIds(await readFile(files.subuid, 'utf8').catch(() => '')), user.name, user.id);
  const gids = rangeOf(parseSubIds(await readFile(files.subgid, 'utf8').catch(() => '')), group.name, group.id);
  if (!uids) throw invalidArgument(`No subuid ranges found for user "${user.name}" in ${files.subuid}`);
  if (!gids) throw invalidArgument(`No subgid ranges found for group "${group.name}" in ${files.subgid}`);
  return { uid: uids.start, gid: gids.start, size: Math.min(uids.count, gids.count) };
}

async function ensureDefaultUser(files: { subuid: string; subgid: string }): Promise<void> {
  if (!(await lookup('passwd', DEFAULT_REMAP_USER))) {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/bin/false', DEFAULT_REMAP_USER]).catch((err: Error) => {
      throw new Error(`could not add the ${DEFAULT_REMAP_USER} user for --userns-remap=default: ${err.message}`);
    });
  }
  for (const file of [files.subuid, files.subgid]) {
    const ranges = parseSubIds(await readFile(file, 'utf8').catch(() => ''));
    if (rangeOf(ranges, DEFAULT_REMAP_USER)) continue;
    const text = await readFile(file, 'utf8').catch(() => '');
    await appendFile(file, `${text && !text.endsWith('\n') ? '\n' : ''}${DEFAULT_REMAP_USER}:${nextFreeStart(ranges)}:${RANGE_SIZE}\n`);
  }
}

async function lookup(db: 'passwd' | 'group', key: string): Promise<{ name: string; id: number } | undefined> {
  const r = await run('getent', [db, key]).catch(() => undefined);
  const fields = r?.stdout.split('\n')[0]?.split(':');
  if (!fields || fields.length < 3) return undefined;
  return { name: fields[0]!, id: Number(fields[2]) };
}
