// Docker's HostConfig.PortBindings / ExposedPorts / PublishAllPorts -> the list of mappings to open.

export interface PortRequest {
  protocol: 'tcp' | 'udp';
  containerPort: number;
  hostIp: string;
  /** 0: a free port chosen at bind time. */
  hostPort: number;
}

export type PortBindings = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>;

/** `80/tcp` -> [80, 'tcp']; ranges in keys (`8000-8001/tcp`) are expanded by the client already. */
export function parsePortKey(key: string): { port: number; protocol: 'tcp' | 'udp' } {
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(key.trim());
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) throw new Error(`invalid port specification: "${key}"`);
  const protocol = (m[2] ?? 'tcp').toLowerCase();
  if (protocol === 'sctp') throw new Error('sctp ports are not supported');
  return { port: Number(m[1]), protocol: protocol as 'tcp' | 'udp' };
}

/** A host port `8080`, a range `8000-8010` (the first free one is tried in order by the caller) or empty. */
export function parseHostPort(text: string | undefined): number[] {
  if (!text) return [0];
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!m) throw new Error(`invalid hostPort: ${text}`);
  const lo = Number(m[1]);
  const hi = m[2] ? Number(m[2]) : lo;
  if (lo > 65535 || hi > 65535 || hi < lo) throw new Error(`invalid hostPort: ${text}`);
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

export function portRequests(bindings: PortBindings | undefined, exposed: Record<string, unknown> | undefined, publishAll: boolean): Array<PortRequest & { candidates: number[] }> {
  const out: Array<PortRequest & { candidates: number[] }> = [];
  const seen = new Set<string>();
  for (const [key, list] of Object.entries(bindings ?? {})) {
    const { port, protocol } = parsePortKey(key);
    seen.add(`${port}/${protocol}`);
    for (const b of list ?? [{}]) {
      const candidates = parseHostPort(b.HostPort);
      out.push({ protocol, containerPort: port, hostIp: b.HostIp ?? '', hostPort: candidates[0]!, candidates });
    }
  }
  if (publishAll) {
    for (const key of Object.keys(exposed ?? {})) {
      const { port, protocol } = parsePortKey(key);
      if (seen.has(`${port}/${protocol}`)) continue;
      out.push({ protocol, containerPort: port, hostIp: '', hostPort: 0, candidates: [0] });
    }
  }
  return out;
}
