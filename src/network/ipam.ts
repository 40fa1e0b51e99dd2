// Address management of one network: a pool (the subnet, or its --ip-range), the gateway and the network and
// broadcast addresses reserved, allocation of the next free address or a requested one, release. The leases live
// in the network's record (written atomically by the engine); this class is the arithmetic.
import { contains, formatIp, parseIp, size, type Subnet } from './ipv4.js';

export class IpamError extends Error {}

export class Ipam {
  readonly #used = new Set<number>();
  #next: number;

  constructor(
    readonly subnet: Subnet,
    readonly gateway: number,
    readonly range: Subnet = subnet,
  ) {
    this.#next = range.base;
  }

  /** Marks an address taken (a lease read back from disk). */
  reserve(ip: string): void {
    const n = parseIp(ip);
    if (n !== undefined) this.#used.add(n);
  }

  release(ip: string): void {
    const n = parseIp(ip);
    if (n !== undefined) this.#used.delete(n);
  }

  #usable(n: number): boolean {
    const last = this.subnet.base + size(this.subnet) - 1;
    return n !== this.subnet.base && n !== last && n !== this.gateway && !this.#used.has(n);
  }

  /** A requested address (must be in the subnet and free), or the next free one in the range (round-robin). */
  allocate(requested?: string): string {
    if (requested) {
      const n = parseIp(requested);
      if (n === undefined) throw new IpamError(`invalid IP address: ${requested}`);
      if (!contains(this.subnet, n)) throw new IpamError(`no configured subnet or ip-range contain the IP address ${requested}`);
      if (!this.#usable(n)) throw new IpamError('Address already in use');
      this.#used.add(n);
      return requested;
    }
    const total = size(this.range);
    for (let i = 0; i < total; i++) {
      const n = this.range.base + ((this.#next - this.range.base + i) % total);
      if (this.#usable(n)) {
        this.#used.add(n);
        this.#next = n + 1;
        return formatIp(n);
      }
    }
    throw new IpamError('no available IPv4 addresses on this network\'s address pools');
  }

  get inUse(): number {
    return this.#used.size;
  }
}
