// Published ports as a user-space proxy in berthd (as dockerd's docker-proxy): a listener on the host address and
// port, each connection (or UDP peer) forwarded to the container's address. Reachable from the host itself
// (127.0.0.1 and its own addresses), from other hosts, and from containers through the host's address (hairpin),
// without route_localnet or DNAT rules to clean up: closing the listener is the whole teardown.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';

export interface PortMapping {
  protocol: 'tcp' | 'udp';
  hostIp: string;
  /** 0: any free port (the bound one is returned). */
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

export interface BoundPort extends PortMapping {
  close(): Promise<void>;
}

export async function openPort(m: PortMapping): Promise<BoundPort> {
  return m.protocol === 'udp' ? openUdp(m) : openTcp(m);
}

async function openTcp(m: PortMapping): Promise<BoundPort> {
  // Half-open on both sides: a client that shuts down its sending side (FIN) still gets the reply.
  const open = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ host: m.containerIp, port: m.containerPort, allowHalfOpen: true });
    open.add(client);
    client.once('close', () => open.delete(client));
    client.pipe(upstream).pipe(client);
    const destroy = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', destroy);
    upstream.on('error', destroy);
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: m.hostIp || '0.0.0.0', port: m.hostPort, exclusive: true }, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    ...m,
    hostPort: port,
    // connections still open are cut: the container behind them is going away
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        for (const c of open) c.destroy();
      }),
  };
}

async function openUdp(m: PortMapping): Promise<BoundPort> {
  const sock: UdpSocket = createSocket('udp4');
  const peers = new Map<string, { up: UdpSocket; timer: NodeJS.Timeout }>();
  sock.on('message', (msg, rinfo) => {
    const key = `${rinfo.address}:${rinfo.port}`;
    let peer = peers.get(key);
    if (!peer) {
      const up = createSocket('udp4');
      up.on('message', (reply) => sock.send(reply, rinfo.port, rinfo.address));
      up.on('error', () => {});
      peer = { up, timer: setTimeout(() => {}, 0) };
      peers.set(key, peer);
    }
    clearTimeout(peer.timer);
    const p = peer;
    p.timer = setTimeout(() => {
      p.up.close();
      peers.delete(key);
    }, 60_000);
    p.timer.unref();
    p.up.send(msg, m.containerPort, m.containerIp);
  });
  sock.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind({ address: m.hostIp || '0.0.0.0', port: m.hostPort, exclusive: true }, () => resolve());
  });
  return {
    ...m,
    hostPort: sock.address().port,
    close: async () => {
      for (const p of peers.values()) {
        clearTimeout(p.timer);
        p.up.close();
      }
      peers.clear();
      await new Promise<void>((r) => sock.close(() => r()));
    },
  };
}
