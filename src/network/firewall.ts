// iptables rules of one daemon, in chains of its own (names scoped by a tag, so parallel daemons never share
// one): filter BERTH-FWD-<tag> jumped to from FORWARD, nat BERTH-NAT-<tag> jumped to from POSTROUTING. Per
// network: traffic within the bridge accepted, to another bridge of ours dropped (isolation), out to the world
// accepted and masqueraded unless the network is internal. Nothing outside these chains and jumps is touched.
import { run } from '../common/proc/run.js';

export interface FirewallNetwork {
  bridge: string;
  subnet: string;
  internal: boolean;
}

export class Firewall {
  readonly filterChain: string;
  readonly natChain: string;

  constructor(
    tag: string,
    /** Interface name prefix every bridge of this daemon starts with (iptables `+` wildcard). */
    readonly bridgePrefix: string,
  ) {
    this.filterChain = `BERTH-FWD-${tag}`.slice(0, 28);
    this.natChain = `BERTH-NAT-${tag}`.slice(0, 28);
  }

  async #ipt(args: string[], allowFailure = false): Promise<number> {
    const r = await run('iptables', ['-w', ...args], { allowFailure: true, timeoutMs: 30_000 });
    if (r.code !== 0 && !allowFailure) throw new Error(`iptables ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.code;
  }

  /** Creates (empties) our chains and the jumps into them. */
  async init(): Promise<void> {
    for (const [table, chain, from] of [['filter', this.filterChain, 'FORWARD'], ['nat', this.natChain, 'POSTROUTING']] as const) {
      if ((await this.#ipt(['-t', table, '-N', chain], true)) !== 0) await this.#ipt(['-t', table, '-F', chain]);
      if ((await this.#ipt(['-t', table, '-C', from, '-j', chain], true)) !== 0) await this.#ipt(['-t', table, '-I', from, '1', '-j', chain]);
    }
  }

  #rules(n: FirewallNetwork): Array<['filter' | 'nat', string[]]> {
    const f = this.filterChain;
    const rules: Array<['filter' | 'nat', string[]]> = [
      ['filter', [f, '-i', n.bridge, '-o', n.bridge, '-j', 'ACCEPT']],
      ['filter', [f, '-i', n.bridge, '-o', `${this.bridgePrefix}+`, '-j', 'DROP']],
    ];
    if (n.internal) {
      rules.push(['filter', [f, '-i', n.bridge, '-j', 'DROP']], ['filter', [f, '-o', n.bridge, '-j', 'DROP']]);
    } else {
      rules.push(
        ['filter', [f, '-i', n.bridge, '-j', 'ACCEPT']],
        ['filter', [f, '-o', n.bridge, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']],
        ['nat', [this.natChain, '-s', n.subnet, '!', '-o', n.bridge, '-j', 'MASQUERADE']],
      );
    }
    return rules;
  }

  async addNetwork(n: FirewallNetwork): Promise<void> {
    for (const [table, rule] of this.#rules(n)) {
      if ((await this.#ipt(['-t', table, '-C', ...rule], true)) !== 0) await this.#ipt(['-t', table, '-A', ...rule]);
    }
  }

  async removeNetwork(n: FirewallNetwork): Promise<void> {
    for (const [table, rule] of this.#rules(n)) await this.#ipt(['-t', table, '-D', ...rule], true);
  }

  /** Removes the jumps and the chains. */
  async teardown(): Promise<void> {
    for (const [table, chain, from] of [['filter', this.filterChain, 'FORWARD'], ['nat', this.natChain, 'POSTROUTING']] as const) {
      while ((await this.#ipt(['-t', table, '-D', from, '-j', chain], true)) === 0);
      await this.#ipt(['-t', table, '-F', chain], true);
      await this.#ipt(['-t', table, '-X', chain], true);
    }
  }
}
