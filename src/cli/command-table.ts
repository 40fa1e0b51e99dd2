// Every command the CLI knows, by path, loaded on demand (a `berth version` does not load `run`).
import type { CommandModule } from './command.js';
import type { GroupEntry } from './flags/help-text.js';

type Loader = () => Promise<CommandModule>;

interface Entry {
  load: Loader;
  description: string;
}

const m = (load: () => Promise<{ command: CommandModule }>): Loader => () => load().then((x) => x.command);

const CONTAINER: Record<string, Entry> = {
  attach: { load: m(() => import('./commands/container/attach.js')), description: 'Attach local standard input, output, and error streams to a running container' },
  commit: { load: m(() => import('./commands/container/commit.js')), description: "Create a new image from a container's changes" },
  diff: { load: m(() => import('./commands/container/diff.js')), description: "Inspect changes to files or directories on a container's filesystem" },
  cp: { load: m(() => import('./commands/container/cp.js')), description: 'Copy files/folders between a container and the local filesystem' },
  create: { load: m(() => import('./commands/container/create.js')), description: 'Create a new container' },
  exec: { load: m(() => import('./commands/container/exec.js')), description: 'Execute a command in a running container' },
  top: { load: m(() => import('./commands/container/top.js')), description: 'Display the running processes of a container' },
  export: { load: m(() => import('./commands/container/export.js')), description: "Export a container's filesystem as a tar archive" },
  inspect: { load: m(() => import('./commands/container/inspect.js')), description: 'Display detailed information on one or more containers' },
  kill: { load: m(() => import('./commands/container/kill.js')), description: 'Kill one or more running containers' },
  logs: { load: m(() => import('./commands/container/logs.js')), description: 'Fetch the logs of a container' },
  ls: { load: m(() => import('./commands/container/ls.js')), description: 'List containers' },
  pause: { load: m(() => import('./commands/container/pause.js')), description: 'Pause all processes within one or more containers' },
  port: { load: m(() => import('./commands/container/port.js')), description: 'List port mappings or a specific mapping for the container' },
  prune: { load: m(() => import('./commands/container/prune.js')), description: 'Remove all stopped containers' },
  rename: { load: m(() => import('./commands/container/rename.js')), description: 'Rename a container' },
  restart: { load: m(() => import('./commands/container/restart.js')), description: 'Restart one or more containers' },
  rm: { load: m(() => import('./commands/container/rm.js')), description: 'Remove one or more containers' },
  run: { load: m(() => import('./commands/container/run.js')), description: 'Create and run a new container from an image' },
  start: { load: m(() => import('./commands/container/start.js')), description: 'Start one or more stopped containers' },
  stats: { load: m(() => import('./commands/container/stats.js')), description: 'Display a live stream of container(s) resource usage statistics' },
  stop: { load: m(() => import('./commands/container/stop.js')), description: 'Stop one or more running containers' },
  unpause: { load: m(() => import('./commands/container/unpause.js')), description: 'Unpause all processes within one or more containers' },
  update: { load: m(() => import('./commands/container/update.js')), description: 'Update configuration of one or more containers' },
  wait: { load: m(() => import('./commands/container/wait.js')), description: 'Block until one or more containers stop, then print their exit codes' },
};

const IMAGE: Record<string, Entry> = {
  build: { load: m(() => import('./commands/build/build.js')), description: 'Build an image from a Dockerfile' },
  history: { load: m(() => import('./commands/image/history.js')), description: 'Show the history of an image' },
  import: { load: m(() => import('./commands/image/import.js')), description: 'Import the contents from a tarball to create a filesystem image' },
  inspect: { load: m(() => import('./commands/image/inspect.js')), description: 'Display detailed information on one or more images' },
  load: { load: m(() => import('./commands/image/load.js')), description: 'Load an image from a tar archive or STDIN' },
  ls: { load: m(() => import('./commands/image/ls.js')), description: 'List images' },
  prune: { load: m(() => import('./commands/image/prune.js')), description: 'Remove unused images' },
  pull: { load: m(() => import('./commands/image/pull.js')), description: 'Download an image from a registry' },
  push: { load: m(() => import('./commands/image/push.js')), description: 'Upload an image to a registry' },
  save: { load: m(() => import('./commands/image/save.js')), description: 'Save one or more images to a tar archive (streamed to STDOUT by default)' },
  rm: { load: m(() => import('./commands/image/rm.js')), description: 'Remove one or more images' },
  tag: { load: m(() => import('./commands/image/tag.js')), description: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE' },
};

const NETWORK: Record<string, Entry> = {
  connect: { load: m(() => import('./commands/network/connect.js')), description: 'Connect a container to a network' },
  create: { load: m(() => import('./commands/network/create.js')), description: 'Create a network' },
  disconnect: { load: m(() => import('./commands/network/disconnect.js')), description: 'Disconnect a container from a network' },
  inspect: { load: m(() => import('./commands/network/inspect.js')), description: 'Display detailed information on one or more networks' },
  ls: { load: m(() => import('./commands/network/ls.js')), description: 'List networks' },
  prune: { load: m(() => import('./commands/network/prune.js')), description: 'Remove all unused networks' },
  rm: { load: m(() => import('./commands/network/rm.js')), description: 'Remove one or more networks' },
};

const VOLUME: Record<string, Entry> = {
  create: { load: m(() => import('./commands/volume/create.js')), description: 'Create a volume' },
  inspect: { load: m(() => import('./commands/volume/inspect.js')), description: 'Display detailed information on one or more volumes' },
  ls: { load: m(() => import('./commands/volume/ls.js')), description: 'List volumes' },
  prune: { load: m(() => import('./commands/volume/prune.js')), description: 'Remove unused local volumes' },
  rm: { load: m(() => import('./commands/volume/rm.js')), description: 'Remove one or more volumes' },
};

const SYSTEM: Record<string, Entry> = {
  df: { load: m(() => import('./commands/system/df.js')), description: 'Show docker disk usage' },
  info: { load: m(() => import('./commands/system/info.js')), description: 'Display system-wide information' },
  prune: { load: m(() => import('./commands/system/prune.js')), description: 'Remove unused data' },
};

export const GROUPS: Record<string, { description: string; commands: Record<string, Entry>; aliases: Record<string, string> }> = {
  container: { description: 'Manage containers', commands: CONTAINER, aliases: { list: 'ls', ps: 'ls', remove: 'rm' } },
  image: { description: 'Manage images', commands: IMAGE, aliases: { list: 'ls', remove: 'rm' } },
  network: { description: 'Manage networks', commands: NETWORK, aliases: { list: 'ls', remove: 'rm' } },
  volume: { description: 'Manage volumes', commands: VOLUME, aliases: { list: 'ls', remove: 'rm' } },
  system: { description: 'Manage Berth', commands: SYSTEM, aliases: {} },
};

/** Top-level shortcuts (docker's `ps`, `images`, `rmi`, …) -> [group, command]. */
const SHORTCUTS: Record<string, [string, string]> = {
  attach: ['container', 'attach'], cp: ['container', 'cp'], create: ['container', 'create'], exec: ['container', 'exec'], export: ['container', 'export'], kill: ['container', 'kill'], logs: ['container', 'logs'], pause: ['container', 'pause'], unpause: ['container', 'unpause'], update: ['container', 'update'], stats: ['container', 'stats'],
  ps: ['container', 'ls'], port: ['container', 'port'], rename: ['container', 'rename'], restart: ['container', 'restart'], rm: ['container', 'rm'],
  run: ['container', 'run'], start: ['container', 'start'], top: ['container', 'top'], stop: ['container', 'stop'], wait: ['container', 'wait'],
  images: ['image', 'ls'], rmi: ['image', 'rm'], tag: ['image', 'tag'], load: ['image', 'load'], import: ['image', 'import'],
  history: ['image', 'history'], pull: ['image', 'pull'], push: ['image', 'push'], save: ['image', 'save'],
  build: ['image', 'build'], commit: ['container', 'commit'], diff: ['container', 'diff'],
};

const TOP: Record<string, Entry> = {
  version: { load: m(() => import('./commands/system/version.js')), description: 'Show the Berth version information' },
  info: { load: m(() => import('./commands/system/info.js')), description: 'Display system-wide information' },
  inspect: { load: m(() => import('./commands/system/inspect.js')), description: 'Return low-level information on Berth objects' },
  login: { load: m(() => import('./commands/registry/login.js')), description: 'Authenticate to a registry' },
  logout: { load: m(() => import('./commands/registry/logout.js')), description: 'Log out from a registry' },
};

export type Lookup =
  | { kind: 'command'; path: string; load: Loader; consumed: number }
  | { kind: 'group'; group: string }
  | { kind: 'unknown'; path: string; group?: string };

/** Finds the command named by the first one or two words of `args`. */
export function lookupCommand(args: readonly string[]): Lookup {
  const [first, second] = args;
  if (first === undefined) return { kind: 'unknown', path: '' };
  const top = TOP[first];
  if (top) return { kind: 'command', path: first, load: top.load, consumed: 1 };
  const short = SHORTCUTS[first];
  if (short) return { kind: 'command', path: first, load: GROUPS[short[0]]!.commands[short[1]]!.load, consumed: 1 };
  const group = GROUPS[first];
  if (!group) return { kind: 'unknown', path: first };
  if (second === undefined || second.startsWith('-')) return { kind: 'group', group: first };
  const name = group.aliases[second] ?? second;
  const entry = group.commands[name];
  if (!entry) return { kind: 'unknown', path: `${first} ${second}`, group: first };
  return { kind: 'command', path: `${first} ${name}`, load: entry.load, consumed: 2 };
}

export function groupEntries(group: string): GroupEntry[] {
  return Object.entries(GROUPS[group]!.commands).map(([name, e]) => ({ name, description: e.description }));
}

export const COMMON_COMMANDS: GroupEntry[] = [
  { name: 'run', description: CONTAINER.run!.description },
  { name: 'ps', description: 'List containers' },
  { name: 'images', description: 'List images' },
  { name: 'version', description: TOP.version!.description },
  { name: 'info', description: TOP.info!.description },
];

export const MANAGEMENT_COMMANDS: GroupEntry[] = Object.entries(GROUPS).map(([name, g]) => ({ name, description: g.description }));

export const OTHER_COMMANDS: GroupEntry[] = [
  ...Object.entries(SHORTCUTS)
    .filter(([name]) => !['run', 'ps', 'images'].includes(name))
    .map(([name, [g, c]]) => ({ name, description: GROUPS[g]!.commands[c]!.description })),
  { name: 'inspect', description: TOP.inspect!.description },
];
