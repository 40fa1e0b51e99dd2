// `-p [ip:][hostPort:]containerPort[/proto]` (ranges `8000-8001`) and `--expose` -> Docker's PortBindings and
// ExposedPorts (docker/go-connections nat.ParsePortSpecs, the part berth needs).
import { ExitCodeError } from '../../exit-code-error.js';

export type PortBindings = Record<string, Array<{ HostIp: string; HostPort: string }>>;

function range(text: string, what: string, spec: string): [number, number] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) throw new ExitCodeError(125, `invalid ${what}: ${spec}`);
  const lo = Number(m[1]);
  const hi = m[2] ? Number(m[2]) : lo;
  if (lo < 0 || hi > 65535 || hi < lo) throw new ExitCodeError(125, `invalid ${what}: ${spec}`);
  return [lo, hi];
}

export function parsePublish(specs: string[]): { bindings: PortBindings; exposed: Record<string, object> } {
  const bindings: PortBindings = {};
  const exposed: Record<string, object> = {};
  for (const spec of specs) {
    let rest = spec;
    let proto = 'tcp';
    const slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      proto = rest.slice(slash + 1).toLowerCase();
      rest = rest.slice(0, slash);
      if (!['tcp', 'udp', 'sctp'].includes(proto)) throw new ExitCodeError(125, `invalid proto: ${proto}`);
    }
    // the host IP may be a bracketed IPv6 address; split from the right
    const parts = rest.startsWith('[') ? [rest.slice(0, rest.indexOf(']') + 1), ...rest.slice(rest.indexOf(']') + 2).split(':')] : rest.split(':');
    let hostIp = '';
    let hostPort = '';
    let containerPort: string;
    if (parts.length === 1) containerPort = parts[0]!;
    else if (parts.length === 2) [hostPort, containerPort] = parts as [string, string];
    else if (parts.length === 3) [hostIp, hostPort, containerPort] = parts as [string, string, string];
    else throw new ExitCodeError(125, `invalid port format for --publish: ${spec}`);
    hostIp = hostIp.replace(/^\[|\]$/g, '');
    if (!containerPort) throw new ExitCodeError(125, `no port specified: ${spec}<empty>`);
    const [clo, chi] = range(containerPort, 'containerPort', spec);
    const host = hostPort ? range(hostPort, 'hostPort', spec) : undefined;
    const count = chi - clo + 1;
    if (host && host[1] - host[0] + 1 !== count && !(count === 1)) throw new ExitCodeError(125, `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
    for (let i = 0; i < count; i++) {
      const key = `${clo + i}/${proto}`;
      exposed[key] = {};
      const hp = !host ? '' : count === 1 ? (host[0] === host[1] ? String(host[0]) : `${host[0]}-${host[1]}`) : String(host[0] + i);
      (bindings[key] ??= []).push({ HostIp: hostIp, HostPort: hp });
    }
  }
  return { bindings, exposed };
}

export function parseExpose(specs: string[]): Record<string, object> {
  const out: Record<string, object> = {};
  for (const spec of specs) {
    const [port, proto = 'tcp'] = spec.split('/') as [string, string?];
    const [lo, hi] = range(port, 'range format for --expose', spec);
    for (let p = lo; p <= hi; p++) out[`${p}/${proto.toLowerCase()}`] = {};
  }
  return out;
}
