// berth port: a container's published ports (`80/tcp -> 0.0.0.0:8080`), or the host addresses of one port.
import type { CommandModule } from '../../command.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { enc } from '../for-each-ref.js';

type Ports = Record<string, Array<{ HostIp: string; HostPort: string }> | null>;

export const command: CommandModule = {
  spec: {
    path: 'container port',
    usage: 'CONTAINER [PRIVATE_PORT[/PROTO]]',
    description: 'List port mappings or a specific mapping for the container',
    aliases: ['container port', 'port'],
    flags: [],
    args: { min: 1, max: 2 },
  },
  async run(ctx) {
    const [ref, wanted] = ctx.args as [string, string | undefined];
    const c = await ctx.client().json<{ NetworkSettings?: { Ports?: Ports } }>('GET', `/containers/${enc(ref)}/json`);
    const ports = c.NetworkSettings?.Ports ?? {};
    const keys = Object.keys(ports).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
    if (wanted) {
      const key = wanted.includes('/') ? wanted : `${wanted}/tcp`;
      const list = ports[key];
      if (!list?.length) throw new ExitCodeError(1, `Error: No public port '${key}' published for ${ref}`);
      for (const b of list) ctx.stdout.write(`${b.HostIp}:${b.HostPort}\n`);
      return;
    }
    for (const k of keys) for (const b of ports[k] ?? []) ctx.stdout.write(`${k} -> ${b.HostIp}:${b.HostPort}\n`);
  },
};
