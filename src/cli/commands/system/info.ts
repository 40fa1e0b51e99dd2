// berth info: docker's prettyPrintInfo layout (client, then the daemon's /info), or --format on {ClientInfo, …}.
import type { CommandModule } from '../../command.js';
import { FORMAT_JSON_USAGE } from '../../flags/flag-spec.js';
import { TemplateError } from '../../render/go-template.js';
import { parseUserFormat } from '../../render/inspect-output.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { bytesSize } from '../../render/human-size.js';
import { BERTH_VERSION } from '../../../api/version.js';

type Info = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function serverLines(i: Info): string[] {
  const out: string[] = [];
  const add = (s: string) => out.push(s);
  add(`Containers: ${i.Containers}`);
  add(` Running: ${i.ContainersRunning}`);
  add(` Paused: ${i.ContainersPaused}`);
  add(` Stopped: ${i.ContainersStopped}`);
  add(`Images: ${i.Images}`);
  add(`Server Version: ${i.ServerVersion}`);
  add(`Storage Driver: ${i.Driver}`);
  for (const [k, v] of (i.DriverStatus ?? []) as [string, string][]) add(` ${k}: ${v}`);
  if (i.LoggingDriver) add(`Logging Driver: ${i.LoggingDriver}`);
  if (i.CgroupDriver) add(`Cgroup Driver: ${i.CgroupDriver}`);
  if (i.CgroupVersion) add(`Cgroup Version: ${i.CgroupVersion}`);
  add('Plugins:');
  add(` Volume: ${(i.Plugins?.Volume ?? []).join(' ')}`);
  add(` Network: ${(i.Plugins?.Network ?? []).join(' ')}`);
  if (i.Plugins?.Authorization?.length) add(` Authorization: ${i.Plugins.Authorization.join(' ')}`);
  add(` Log: ${(i.Plugins?.Log ?? []).join(' ')}`);
  add(`Swarm: ${i.Swarm?.LocalNodeState ?? 'inactive'}`);
  const runtimes = Object.keys(i.Runtimes ?? {}).sort();
  if (runtimes.length) add(`Runtimes: ${runtimes.join(' ')}`);
  if (i.DefaultRuntime) add(`Default Runtime: ${i.DefaultRuntime}`);
  if (i.InitBinary !== undefined) add(`Init Binary: ${i.InitBinary}`);
  add(`containerd version: ${i.ContainerdCommit?.ID ?? ''}`);
  add(`runc version: ${i.RuncCommit?.ID ?? ''}`);
  add(`init version: ${i.InitCommit?.ID ?? ''}`);
  if (i.SecurityOptions?.length) {
    add('Security Options:');
    for (const opt of i.SecurityOptions as string[]) {
      const kv = Object.fromEntries(opt.split(',').map((p) => p.split('=') as [string, string]));
      add(` ${kv.name ?? opt}`);
      for (const [k, v] of Object.entries(kv)) if (k !== 'name') add(`  ${k[0]!.toUpperCase()}${k.slice(1)}: ${v}`);
    }
  }
  add(`Kernel Version: ${i.KernelVersion}`);
  add(`Operating System: ${i.OperatingSystem}`);
  add(`OSType: ${i.OSType}`);
  add(`Architecture: ${i.Architecture}`);
  add(`CPUs: ${i.NCPU}`);
  add(`Total Memory: ${bytesSize(i.MemTotal ?? 0)}`);
  add(`Name: ${i.Name}`);
  add(`ID: ${i.ID}`);
  add(`Docker Root Dir: ${i.DockerRootDir}`);
  add(`Debug Mode: ${i.Debug}`);
  if (i.Debug) {
    add(` File Descriptors: ${i.NFd}`);
    add(` Goroutines: ${i.NGoroutines}`);
    add(` System Time: ${i.SystemTime}`);
    add(` EventsListeners: ${i.NEventsListener}`);
  }
  if (i.HttpProxy) add(`HTTP Proxy: ${i.HttpProxy}`);
  if (i.HttpsProxy) add(`HTTPS Proxy: ${i.HttpsProxy}`);
  if (i.NoProxy) add(`No Proxy: ${i.NoProxy}`);
  if (i.Labels?.length) {
    add('Labels:');
    for (const l of i.Labels as string[]) add(` ${l}`);
  }
  add(`Experimental: ${i.ExperimentalBuild}`);
  const insecure = (i.RegistryConfig?.InsecureRegistryCIDRs ?? []) as string[];
  if (insecure.length) {
    add('Insecure Registries:');
    for (const c of insecure) add(` ${c}`);
  }
  if (i.RegistryConfig?.Mirrors?.length) {
    add('Registry Mirrors:');
    for (const m of i.RegistryConfig.Mirrors as string[]) add(` ${m}`);
  }
  add(`Live Restore Enabled: ${i.LiveRestoreEnabled}`);
  return out;
}

export const command: CommandModule = {
  spec: {
    path: 'info',
    usage: '[OPTIONS]',
    description: 'Display system-wide information',
    aliases: ['system info', 'info'],
    flags: [{ name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE }],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const format = ctx.flags.string('format');
    const debug = ctx.flags.bool('debug');
    const clientInfo = { Debug: debug, Version: BERTH_VERSION, Context: 'default', Plugins: [], Warnings: null };
    if (format) {
      const tmpl = parseUserFormat(format); // before the daemon is asked: exit 64 on a parse error
      const info = await ctx.client().json<Info>('GET', '/info');
      const data = { ...info, ClientInfo: clientInfo, ClientErrors: null };
      let text: string;
      try {
        text = tmpl.execute(data);
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        ctx.stdout.write('\n');
        throw new ExitCodeError(1, err.message);
      }
      ctx.stdout.write(text + '\n');
      return;
    }
    ctx.stdout.write(`Client:\n Version:    ${BERTH_VERSION}\n Context:    default\n Debug Mode: ${debug}\n\n`);
    let info: Info;
    try {
      info = await ctx.client().json<Info>('GET', '/info');
    } catch (err) {
      ctx.stdout.write('Server:\n');
      throw err;
    }
    ctx.stdout.write(`Server:\n${serverLines(info).map((l) => ` ${l}\n`).join('')}\n`);
    for (const w of (info.Warnings ?? []) as string[]) ctx.stderr.write(`${w}\n`);
  },
};
