// Builds the DaemonConfig from defaults, the JSON --config-file and command-line flags (dockerd's names).
import { readFileSync } from 'node:fs';
import { defaultConfig, type DaemonConfig } from './config.js';
import { invalidArgument } from '../errors.js';

const FLAG_HELP = `Usage:  berthd [OPTIONS]

A Docker-compatible container engine (serves the Docker Engine API)

Options:
      --config-file string   Daemon configuration file (JSON, dockerd's daemon.json keys)
      --data-root string     Root directory of persistent state (default "/var/lib/berth")
      --exec-root string     Root directory for execution state files (default "/run/berth")
  -G, --group string         Group for the unix socket (default root only)
  -H, --host list            Daemon socket to connect to (default unix:///run/berth/berth.sock)
  -l, --log-level string     Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
  -p, --pidfile string       Path to use for daemon PID file (default "/run/berth/berthd.pid")
      --runtime string       Path of the OCI runtime (default "/usr/bin/crun" if installed, else "/usr/sbin/runc")
      --cgroup-parent string Parent cgroup for all containers (default "/berth")
      --insecure-registry list  Enable insecure registry communication
      --registry-mirror list    Preferred registry mirror (for docker.io)
      --registry-certs-dir string  Per-registry CA and client certificates (default "/etc/docker/certs.d")
  -b, --bridge string        Name of the default bridge device (default "berth0")
      --bip string           Address and prefix of the default bridge (default "10.118.0.1/24")
      --default-address-pool Pool of user networks' subnets (default base=10.119.0.0/16,size=24)
      --userns-remap string  User/Group setting for user namespaces ("default" makes and uses dockremap)
  -v, --version              Print version information and quit
`;

export type ParsedArgs = { kind: 'run'; config: DaemonConfig } | { kind: 'help'; text: string } | { kind: 'version' };

const KEY_MAP: Record<string, keyof DaemonConfig> = {
  'data-root': 'dataRoot',
  'exec-root': 'execRoot',
  host: 'hosts',
  hosts: 'hosts',
  pidfile: 'pidfile',
  'log-level': 'logLevel',
  runtime: 'runtime',
  'cgroup-parent': 'cgroupParent',
  group: 'group',
  conmon: 'conmon',
  'insecure-registry': 'insecureRegistries',
  'insecure-registries': 'insecureRegistries',
  'registry-mirror': 'registryMirrors',
  'registry-mirrors': 'registryMirrors',
  'registry-certs-dir': 'registryCertsDir',
  bridge: 'bridge',
  bip: 'bip',
  'default-address-pool': 'defaultAddressPool',
  'default-address-pools': 'defaultAddressPool',
  'userns-remap': 'usernsRemap',
};
const LIST_KEYS = new Set<keyof DaemonConfig>(['hosts', 'insecureRegistries', 'registryMirrors']);
const REPEATABLE_FLAGS = new Set(['host', 'insecure-registry', 'registry-mirror']);
const SHORT: Record<string, string> = { H: 'host', p: 'pidfile', l: 'log-level', G: 'group', b: 'bridge' };

export function parseDaemonArgs(argv: string[]): ParsedArgs {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help', text: FLAG_HELP };
    if (arg === '-v' || arg === '--version') return { kind: 'version' };
    let name: string;
    let value: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) value = arg.slice(eq + 1);
    } else if (arg.startsWith('-') && arg.length >= 2) {
      name = SHORT[arg[1]!] ?? '';
      if (arg.length > 2) value = arg.slice(2).replace(/^=/, '');
    } else {
      throw invalidArgument(`berthd does not take positional arguments (got "${arg}")\nSee 'berthd --help'.`);
    }
    if (!(name in KEY_MAP) && name !== 'config-file') throw invalidArgument(`unknown flag: ${arg}\nSee 'berthd --help'.`);
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw invalidArgument(`flag needs an argument: ${arg}`);
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  const config = defaultConfig();
  const file = flags.get('config-file')?.at(-1);
  if (file) applyObject(config, readConfigFile(file));
  const fromFlags: Record<string, unknown> = {};
  for (const [name, values] of flags) {
    if (name === 'config-file') continue;
    fromFlags[name] = REPEATABLE_FLAGS.has(name) ? values : values.at(-1);
  }
  applyObject(config, fromFlags);
  if (flags.has('exec-root') && !flags.has('host') && !(file && hostsInFile(file))) {
    config.hosts = [`unix://${config.execRoot}/berth.sock`];
  }
  if (flags.has('exec-root') && !flags.has('pidfile')) config.pidfile = `${config.execRoot}/berthd.pid`;
  for (const h of config.hosts) {
    if (!h.startsWith('unix://')) throw invalidArgument(`unsupported host "${h}": berthd listens on unix sockets only (unix:///path)`);
  }
  if (!['debug', 'info', 'warn', 'error', 'fatal'].includes(config.logLevel)) {
    throw invalidArgument(`unable to parse logging level: ${config.logLevel}`);
  }
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,9}$/.test(config.bridge)) throw invalidArgument(`invalid bridge name "${config.bridge}": at most 10 characters of [a-zA-Z0-9_.-]`);
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(config.bip)) throw invalidArgument(`invalid --bip: ${config.bip}`);
  if (!/^base=\d+\.\d+\.\d+\.\d+\/\d+,size=\d+$/.test(config.defaultAddressPool)) throw invalidArgument(`invalid --default-address-pool: ${config.defaultAddressPool}`);
  return { kind: 'run', config };
}

function readConfigFile(path: string): Record<string, unknown> {
  // Startup only: sync reads are fine here.
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw invalidArgument(`unable to read config file ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw invalidArgument(`unable to configure the daemon with file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function hostsInFile(path: string): boolean {
  const obj = readConfigFile(path);
  return 'hosts' in obj || 'host' in obj;
}

function applyObject(config: DaemonConfig, obj: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = KEY_MAP[k];
    if (!key) continue; // dockerd keys berth does not use yet are ignored, not fatal
    if (LIST_KEYS.has(key)) (config as unknown as Record<string, unknown>)[key] = Array.isArray(v) ? v.map(String) : [String(v)];
    else if (key === 'defaultAddressPool' && Array.isArray(v)) {
      const first = v[0] as { base?: string; size?: number } | undefined; // daemon.json's default-address-pools
      if (first?.base) config.defaultAddressPool = `base=${first.base},size=${first.size ?? 24}`;
    } else (config as unknown as Record<string, unknown>)[key] = String(v);
  }
}
