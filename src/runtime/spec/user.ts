// Resolves a Docker `User` string (`name`, `uid`, `uid:gid`, `name:group`) against the image's /etc/passwd and
// /etc/group contents. Pure.
import { invalidArgument } from '../../errors.js';

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  home: string;
}

interface PasswdEntry { name: string; uid: number; gid: number; home: string }
interface GroupEntry { name: string; gid: number; members: string[] }

export function parsePasswd(text: string): PasswdEntry[] {
  return text.split('\n').flatMap((line) => {
    const f = line.split(':');
    if (f.length < 7 || line.startsWith('#')) return [];
    return [{ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! }];
  });
}

export function parseGroup(text: string): GroupEntry[] {
  return text.split('\n').flatMap((line) => {
    const f = line.split(':');
    if (f.length < 4 || line.startsWith('#')) return [];
    return [{ name: f[0]!, gid: Number(f[2]), members: f[3]!.split(',').filter(Boolean) }];
  });
}

const isNum = (s: string) => /^\d+$/.test(s);

export function resolveUser(spec: string | undefined, passwdText: string, groupText: string, extraGroups: string[] = []): ResolvedUser {
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  const [userPart = '', groupPart] = (spec ?? '').split(':');
  let uid = 0;
  let gid = 0;
  let home = '/';
  let name: string | undefined;
  if (userPart === '') {
    const root = passwd.find((p) => p.uid === 0);
    name = root?.name ?? 'root';
    home = root?.home ?? '/root';
  } else if (isNum(userPart)) {
    uid = Number(userPart);
    const p = passwd.find((e) => e.uid === uid);
    if (p) {
      gid = p.gid;
      home = p.home;
      name = p.name;
    }
  } else {
    const p = passwd.find((e) => e.name === userPart);
    if (!p) throw invalidArgument(`unable to find user ${userPart}: no matching entries in passwd file`);
    uid = p.uid;
    gid = p.gid;
    home = p.home;
    name = p.name;
  }
  if (groupPart !== undefined && groupPart !== '') {
    if (isNum(groupPart)) gid = Number(groupPart);
    else {
      const g = groups.find((e) => e.name === groupPart);
      if (!g) throw invalidArgument(`unable to find group ${groupPart}: no matching entries in group file`);
      gid = g.gid;
    }
  }
  const additional = new Set<number>();
  if (name !== undefined && groupPart === undefined) for (const g of groups) if (g.members.includes(name) && g.gid !== gid) additional.add(g.gid);
  for (const eg of extraGroups) {
    if (isNum(eg)) additional.add(Number(eg));
    else {
      const g = groups.find((e) => e.name === eg);
      if (!g) throw invalidArgument(`unable to find group ${eg}: no matching entries in group file`);
      additional.add(g.gid);
    }
  }
  // As runc does for docker: with no supplementary groups, the primary group is the one supplementary group.
  return { uid, gid, additionalGids: additional.size ? [...additional] : [gid], home };
}
