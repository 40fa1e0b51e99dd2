// The stat docker cp asks for (HEAD/GET /containers/{id}/archive, header X-Docker-Container-Path-Stat): name, size,
// mode as Go's os.FileMode (type bits high, permission bits low), mtime, and for a symlink the path it leads to
// inside the container. Pure, apart from `fileMode`'s input.
import type { Stats } from 'node:fs';

export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

const S_IFMT = 0o170000;
const GO = { dir: 2 ** 31, symlink: 2 ** 27, device: 2 ** 26, pipe: 2 ** 25, socket: 2 ** 24, setuid: 2 ** 23, setgid: 2 ** 22, charDevice: 2 ** 21, sticky: 2 ** 20 };

/** A Unix st_mode as Go's os.FileMode. */
export function goFileMode(mode: number): number {
  let m = mode & 0o777;
  switch (mode & S_IFMT) {
    case 0o040000: m += GO.dir; break;
    case 0o120000: m += GO.symlink; break;
    case 0o060000: m += GO.device; break;
    case 0o020000: m += GO.device + GO.charDevice; break;
    case 0o010000: m += GO.pipe; break;
    case 0o140000: m += GO.socket; break;
  }
  if (mode & 0o4000) m += GO.setuid;
  if (mode & 0o2000) m += GO.setgid;
  if (mode & 0o1000) m += GO.sticky;
  return m;
}

export function pathStat(name: string, st: Stats, linkTarget = ''): PathStat {
  return { name, size: st.size, mode: goFileMode(st.mode), mtime: st.mtime.toISOString(), linkTarget };
}

/** The header's value: the stat as base64 JSON. */
export const encodePathStat = (s: PathStat): string => Buffer.from(JSON.stringify(s)).toString('base64');
