// `create`/`run` flags -> the /containers/create body (docker/cli's parse() in container/opts.go, the part berth
// implements). Flags berth does not implement yet are refused by name rather than silently ignored.
import { healthcheckFromFlags } from './health-flags.js';
import { readFileSync } from 'node:fs';
import type { ParsedFlags } from '../../flags/parse-flags.js';
import type { FlagSpec } from '../../flags/flag-spec.js';
import { ExitCodeError, UsageError } from '../../exit-code-error.js';
import { parseExpose, parsePublish } from './publish-spec.js';
import { mountFlags } from './mount-flags.js';
import { RESOURCE_FLAGS, resourceHostConfig } from './resource-flags.js';

export interface CreateRequest {
  name: string | undefined;
  image: string;
  body: Record<string, unknown>;
  /** What the CLI attaches to (run without -d). */
  attach: { stdin: boolean; stdout: boolean; stderr: boolean };
}

/** Flags with an effect here (or none needed: help, quiet, pull, platform handled by the caller). */
const IMPLEMENTED = new Set([
  'attach', 'cap-add', 'cap-drop', 'detach', 'detach-keys', 'domainname', 'entrypoint', 'env', 'env-file', 'help', 'hostname',
  'init', 'interactive', 'label', 'label-file', 'name', 'network', 'privileged', 'pull', 'quiet', 'read-only', 'rm',
  'sig-proxy', 'stop-signal', 'stop-timeout', 'tty', 'user', 'workdir', 'platform', 'disable-content-trust',
  'publish', 'publish-all', 'expose', 'dns', 'dns-option', 'dns-search', 'add-host', 'network-alias', 'ip',
  'volume', 'mount', 'tmpfs', 'volumes-from', 'log-driver', 'log-opt', ...RESOURCE_FLAGS,
  'health-cmd', 'health-interval', 'health-timeout', 'health-start-period', 'health-start-interval', 'health-retries', 'no-healthcheck',
]);

const GLOBAL = new Set(['host', 'debug', 'log-level', 'config', 'context', 'version']);

/** Lines of an --env-file/--label-file: `#` comments and blank lines skipped; a bare `NAME` takes our value. */
export function readKeyValueFile(path: string, fromEnv: boolean, env: NodeJS.ProcessEnv): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ExitCodeError(125, `open ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (!line.includes('=') && fromEnv) {
      if (env[line] !== undefined) out.push(`${line}=${env[line]}`);
    } else out.push(line);
  }
  return out;
}

/** `-e NAME` (no `=`) takes the value from our environment, or goes as is when we have none (docker's ValidateEnv). */
export function expandEnv(list: string[], env: NodeJS.ProcessEnv): string[] {
  return list.map((e) => (e.includes('=') || env[e] === undefined ? e : `${e}=${env[e]}`));
}

/** `--log-driver`/`--log-opt k=v` as docker's CLI sends them (a bare `k` maps to ""; `none` takes no options). */
export function logConfigFromFlags(driver: string, opts: string[]): { Type: string; Config: Record<string, string> } {
  const config: Record<string, string> = {};
  for (const o of opts) {
    const eq = o.indexOf('=');
    config[eq < 0 ? o : o.slice(0, eq)] = eq < 0 ? '' : o.slice(eq + 1);
  }
  if (driver === 'none' && opts.length > 0) throw new ExitCodeError(125, 'invalid logging opts for driver none');
  return { Type: driver, Config: config };
}

export function buildCreateRequest(flags: ParsedFlags, specs: FlagSpec[], args: string[], env: NodeJS.ProcessEnv, detach: boolean): CreateRequest {
  for (const f of specs) {
    if (flags.has(f.name) && !IMPLEMENTED.has(f.name) && !GLOBAL.has(f.name)) {
      throw new ExitCodeError(125, `the --${f.name} flag is not supported by berth yet`);
    }
  }
  const [image, ...cmd] = args as [string, ...string[]];
  for (const a of flags.list('attach')) {
    if (!['stdin', 'stdout', 'stderr'].includes(a.toLowerCase())) throw new UsageError(`invalid argument "${a}" for "-a, --attach" flag: valid streams are STDIN, STDOUT and STDERR`);
  }
  const attachList = flags.list('attach').map((s) => s.toLowerCase());
  for (const e of flags.list('env')) {
    if (e.startsWith('=') || e === '') throw new UsageError(`invalid argument "${e}" for "-e, --env" flag: invalid environment variable: ${e}`);
  }
  if (detach && attachList.length > 0) throw new ExitCodeError(1, 'conflicting options: cannot specify both --attach and --detach');
  const interactive = flags.bool('interactive');
  const attach = detach
    ? { stdin: false, stdout: false, stderr: false }
    : attachList.length > 0
      ? { stdin: attachList.includes('stdin'), stdout: attachList.includes('stdout'), stderr: attachList.includes('stderr') }
      : { stdin: interactive, stdout: true, stderr: true };
  const labels: Record<string, string> = {};
  for (const file of flags.list('label-file')) for (const l of readKeyValueFile(file, false, env)) labels[l.split('=')[0]!] = l.includes('=') ? l.slice(l.indexOf('=') + 1) : '';
  for (const l of flags.list('label')) labels[l.split('=')[0]!] = l.includes('=') ? l.slice(l.indexOf('=') + 1) : '';
  const envList = [...flags.list('env-file').flatMap((f) => readKeyValueFile(f, true, env)), ...expandEnv(flags.list('env'), env)];
  const stopTimeout = flags.int('stop-timeout');
  const network = flags.string('network');
  const published = parsePublish(flags.list('publish'));
  const exposed = { ...parseExpose(flags.list('expose')), ...published.exposed };
  for (const h of flags.list('add-host')) if (!/^[^:]+:.+$/.test(h)) throw new ExitCodeError(125, `invalid argument "${h}" for "--add-host" flag: bad format for add-host: "${h}"`);
  const endpoint = { Aliases: flags.list('network-alias'), ...(flags.has('ip') ? { IPAMConfig: { IPv4Address: flags.string('ip') } } : {}) };
  const healthcheck = healthcheckFromFlags(flags);
  const mounts = mountFlags(flags.list('volume'), flags.list('mount'), flags.list('tmpfs'));
  const logConfig = logConfigFromFlags(flags.string('log-driver') ?? '', flags.list('log-opt'));
  const entrypoint = flags.has('entrypoint') ? [flags.string('entrypoint')!] : undefined;
  const body: Record<string, unknown> = {
    Hostname: flags.string('hostname') ?? '',
    Domainname: flags.string('domainname') ?? '',
    User: flags.string('user') ?? '',
    AttachStdin: attach.stdin,
    AttachStdout: attach.stdout,
    AttachStderr: attach.stderr,
    Tty: flags.bool('tty'),
    OpenStdin: interactive,
    StdinOnce: interactive && attach.stdin,
    Env: envList,
    Cmd: cmd.length > 0 ? cmd : null,
    Image: image,
    WorkingDir: flags.string('workdir') ?? '',
    Entrypoint: entrypoint ?? null,
    Labels: labels,
    ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
    ...(Object.keys(mounts.volumes).length ? { Volumes: mounts.volumes } : {}),
    ...(flags.has('stop-signal') ? { StopSignal: flags.string('stop-signal') } : {}),
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    ...(stopTimeout !== undefined ? { StopTimeout: stopTimeout } : {}),
    HostConfig: {
      AutoRemove: flags.bool('rm'),
      NetworkMode: network ?? 'default',
      Privileged: flags.bool('privileged'),
      ReadonlyRootfs: flags.bool('read-only'),
      CapAdd: flags.list('cap-add'),
      CapDrop: flags.list('cap-drop'),
      PortBindings: published.bindings,
      PublishAllPorts: flags.bool('publish-all'),
      Dns: flags.list('dns'),
      DnsOptions: flags.list('dns-option'),
      DnsSearch: flags.list('dns-search'),
      ExtraHosts: flags.list('add-host'),
      ...(flags.has('init') ? { Init: flags.bool('init') } : {}),
      Binds: mounts.binds.length ? mounts.binds : null,
      ...(mounts.mounts.length ? { Mounts: mounts.mounts } : {}),
      ...(Object.keys(mounts.tmpfs).length ? { Tmpfs: mounts.tmpfs } : {}),
      VolumesFrom: flags.list('volumes-from').length ? flags.list('volumes-from') : null,
      LogConfig: logConfig,
      ...resourceHostConfig(flags),
    },
    NetworkingConfig: { EndpointsConfig: network && (endpoint.Aliases.length || endpoint.IPAMConfig) ? { [network]: endpoint } : {} },
  };
  return { name: flags.string('name'), image, body, attach };
}
