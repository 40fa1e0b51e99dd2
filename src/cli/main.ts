// The berth CLI: global flags, the command table, and how failures become docker's messages and exit codes.
import { parseFlags } from './flags/parse-flags.js';
import type { FlagSpec } from './flags/flag-spec.js';
import { commandHelp, groupHelp } from './flags/help-text.js';
import { lookupCommand, groupEntries, GROUPS, COMMON_COMMANDS, MANAGEMENT_COMMANDS, OTHER_COMMANDS } from './command-table.js';
import type { CommandContext, CommandModule } from './command.js';
import { ExitCodeError, UsageError, ArgCountError, checkArgCount } from './exit-code-error.js';
import { ApiError, DaemonUnreachableError } from './client/api-error.js';
import { EngineClient } from './client/engine-client.js';
import { resolveDaemonHost } from './client/daemon-host.js';
import { TemplateError } from './render/go-template.js';
import { BERTH_VERSION } from '../api/version.js';

const BIN = 'berth';

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'config', type: 'string', usage: 'Location of client config files', defaultText: '"/root/.docker"' },
  { name: 'context', short: 'c', type: 'string', usage: 'Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "docker context use")' },
  { name: 'debug', short: 'D', type: '', usage: 'Enable debug mode' },
  { name: 'host', short: 'H', type: 'list', usage: 'Daemon socket to connect to' },
  { name: 'log-level', short: 'l', type: 'string', usage: 'Set the logging level ("debug", "info", "warn", "error", "fatal")', defaultText: '"info"' },
  { name: 'version', short: 'v', type: '', usage: 'Print version information and quit' },
];

function mainHelp(): string {
  const section = (title: string, entries: { name: string; description: string }[]) =>
    `${title}:\n${entries.map((e) => `  ${e.name.padEnd(12)}${e.description}\n`).join('')}`;
  return (
    `Usage:  ${BIN} [OPTIONS] COMMAND\n\nA Docker-compatible container engine\n\n` +
    `${section('Common Commands', COMMON_COMMANDS)}\n${section('Management Commands', MANAGEMENT_COMMANDS)}\n` +
    `${section('Commands', [...OTHER_COMMANDS].sort((a, b) => a.name.localeCompare(b.name)))}\n` +
    `Global Options:\n${GLOBAL_FLAGS.map((f) => `  ${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.type ? ' ' + f.type : ''}`.padEnd(27) + f.usage + '\n').join('')}\n` +
    `Run '${BIN} COMMAND --help' for more information on a command.\n`
  );
}

/** Runs the CLI; resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let path = '';
  let usage = '';
  try {
    const global = parseFlags({ flags: GLOBAL_FLAGS, interspersed: false }, argv);
    if (global.flags.bool('version')) {
      process.stdout.write(`Berth version ${BERTH_VERSION}\n`);
      return 0;
    }
    if (global.args.length === 0) {
      process.stdout.write(mainHelp());
      return 0;
    }
    const found = lookupCommand(global.args);
    if (found.kind === 'group') {
      const rest = global.args.slice(1);
      const text = groupHelp(BIN, found.group, GROUPS[found.group]!.description, groupEntries(found.group));
      if (rest.includes('--help') || rest.includes('-h')) process.stdout.write(text);
      else process.stderr.write(text);
      return 0;
    }
    if (found.kind === 'unknown') {
      const usageLine = found.group ? `\n\nUsage:  ${BIN} ${found.group}\n\nRun '${BIN} ${found.group} --help' for more information` : `\n\nRun '${BIN} --help' for more information`;
      process.stderr.write(`${BIN}: unknown command: ${BIN} ${found.path}${usageLine}\n`);
      return 1;
    }
    path = found.path;
    const mod: CommandModule = await found.load();
    usage = mod.spec.usage;
    // Global flags are accepted after the command too, unless the command has a flag of the same name or letter.
    const own = new Set(mod.spec.flags.flatMap((f) => [f.name, ...(f.short ? [`-${f.short}`] : [])]));
    const extra = GLOBAL_FLAGS.filter((f) => !own.has(f.name) && !(f.short && own.has(`-${f.short}`))).map((f) => ({ ...f, hidden: true, short: f.name === 'version' ? undefined : f.short }));
    const parsed = parseFlags({ ...mod.spec, flags: [...mod.spec.flags, ...extra] }, global.args.slice(found.consumed));
    if (parsed.help) {
      if (parsed.helpShorthand) process.stdout.write('Flag shorthand -h has been deprecated, use --help\n');
      process.stdout.write(commandHelp(BIN, path, mod.spec));
      return 0;
    }
    checkArgCount(`${BIN} ${path}`, mod.spec.args, parsed.args.length);
    let client: EngineClient | undefined;
    const hosts = [...global.flags.list('host'), ...parsed.flags.list('host')];
    const ctx: CommandContext = {
      bin: BIN,
      path,
      flags: parsed.flags,
      args: parsed.args,
      client: () => (client ??= new EngineClient(resolveDaemonHost(hosts, process.env))),
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
    };
    return (await mod.run(ctx)) ?? 0;
  } catch (err) {
    return report(err, path, usage);
  }
}

function report(err: unknown, path: string, usage: string): number {
  const write = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n');
  if (err instanceof ExitCodeError) {
    if (err.message) write(err.message);
    return err.code;
  }
  if (err instanceof UsageError) {
    write(path ? `${err.message}\n\nUsage:  ${BIN} ${path} ${usage}\n\nRun '${BIN} ${path} --help' for more information` : `${err.message}\n\nRun '${BIN} --help' for more information`);
    return 125;
  }
  if (err instanceof ArgCountError) {
    write(`${BIN}: ${err.message}\n\nUsage:  ${BIN} ${path} ${usage}\n\n${err.verb} '${BIN} ${path} --help' for more information`);
    return 1;
  }
  if (err instanceof ApiError) {
    write(err.toString());
    return 1;
  }
  if (err instanceof DaemonUnreachableError || err instanceof TemplateError) {
    write(err.message);
    return 1;
  }
  write(err instanceof Error ? err.message : String(err));
  return 1;
}
