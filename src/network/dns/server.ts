// The embedded DNS server of one user network: a UDP socket on the network's gateway address, port 53. Names of
// the network's containers (name, aliases, short id) are answered from `lookup`; every other query is relayed to
// the host's resolvers and their answer passed back.
import { createSocket, type Socket } from 'node:dgram';
import { buildAnswer, parseQuery, TYPE_A } from './message.js';

/** Addresses for `name` as asked by the container at address `from`; undefined when the name is not ours. */
export type Lookup = (name: string, from: string) => string[] | undefined;

export class DnsServer {
  #sock: Socket | undefined;

  constructor(
    readonly address: string,
    readonly lookup: Lookup,
    readonly upstreams: string[],
  ) {}

  async start(): Promise<void> {
    const sock = createSocket('udp4');
    sock.on('message', (msg, rinfo) => this.#answer(msg, rinfo.address, (reply) => sock.send(reply, rinfo.port, rinfo.address)));
    sock.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind({ address: this.address, port: 53, exclusive: true }, () => resolve());
    });
    this.#sock = sock;
  }

  #answer(msg: Buffer, from: string, reply: (b: Buffer) => void): void {
    const q = parseQuery(msg);
    if (!q) return;
    const ours = this.lookup(q.name, from);
    if (ours) {
      reply(buildAnswer(msg, q, q.type === TYPE_A ? ours : [], false));
      return;
    }
    // A single-label name that is not ours has no answer anywhere else either: NXDOMAIN without a round trip.
    if (!q.name.includes('.')) {
      reply(buildAnswer(msg, q, [], true));
      return;
    }
    this.#forward(msg, reply, 0);
  }

  #forward(msg: Buffer, reply: (b: Buffer) => void, i: number): void {
    const upstream = this.upstreams[i];
    const q = parseQuery(msg)!;
    if (!upstream) {
      reply(buildAnswer(msg, q, [], true));
      return;
    }
    const s = createSocket('udp4');
    const timer = setTimeout(() => {
      s.close();
      this.#forward(msg, reply, i + 1);
    }, 2000);
    s.on('error', () => {});
    s.once('message', (answer) => {
      clearTimeout(timer);
      s.close();
      reply(answer);
    });
    s.send(msg, 53, upstream);
  }

  async stop(): Promise<void> {
    const s = this.#sock;
    this.#sock = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
