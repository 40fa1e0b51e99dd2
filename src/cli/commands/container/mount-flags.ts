// `-v`, `--mount`, `--tmpfs` and `--volumes-from` -> the create body, as docker/cli does it: `-v /path` alone is an
// anonymous volume (Config.Volumes), `-v SRC:DST[:OPTS]` a Binds entry, `--mount k=v,…` a HostConfig.Mounts entry,
// `--tmpfs PATH[:OPTS]` a HostConfig.Tmpfs entry.
import { ExitCodeError } from '../../exit-code-error.js';
import { ramInBytes } from '../../flags/ram-in-bytes.js';

export interface MountFlags {
  volumes: Record<string, object>;
  binds: string[];
  mounts: Array<Record<string, unknown>>;
  tmpfs: Record<string, string>;
}

/** `--mount`'s sizes (tmpfs-size): docker's RAMInBytes. */
export const bytesOf = (v: string): number => ramInBytes('mount', v);

const truthy = (v: string | undefined) => v === undefined || v === '' || ['1', 'true', 't'].includes(v.toLowerCase());

/** One `--mount` value: `type=volume,source=data,target=/data,readonly,volume-nocopy,volume-label=k=v,…`. */
export function parseMountFlag(spec: string): Record<string, unknown> {
  const m: Record<string, unknown> = { Type: 'volume' };
  const volumeOptions: Record<string, unknown> = {};
  const labels: Record<string, string> = {};
  const driverOpts: Record<string, string> = {};
  const tmpfs: Record<string, number> = {};
  for (const field of spec.split(',').filter(Boolean)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    const need = () => {
      if (value === undefined) throw new ExitCodeError(125, `invalid argument "${spec}" for "--mount" flag: invalid field '${field}' must be a key=value pair`);
      return value;
    };
    switch (key) {
      case 'type': m.Type = need(); break;
      case 'source': case 'src': m.Source = need(); break;
      case 'target': case 'dst': case 'destination': m.Target = need(); break;
      case 'readonly': case 'ro': m.ReadOnly = truthy(value); break;
      case 'volume-nocopy': volumeOptions.NoCopy = truthy(value); break;
      case 'volume-label': { const v = need(); labels[v.split('=')[0]!] = v.includes('=') ? v.slice(v.indexOf('=') + 1) : ''; break; }
      case 'volume-driver': volumeOptions.DriverConfig = { ...(volumeOptions.DriverConfig as object), Name: need() }; break;
      case 'volume-opt': { const v = need(); driverOpts[v.split('=')[0]!] = v.slice(v.indexOf('=') + 1); break; }
      case 'tmpfs-size': tmpfs.SizeBytes = bytesOf(need()); break;
      case 'tmpfs-mode': tmpfs.Mode = parseInt(need(), 8); break;
      case 'bind-propagation': m.BindOptions = { Propagation: need() }; break;
      case 'consistency': break;
      default: throw new ExitCodeError(125, `invalid argument "${spec}" for "--mount" flag: unexpected key '${key}' in '${field}'`);
    }
  }
  if (Object.keys(labels).length) volumeOptions.Labels = labels;
  if (Object.keys(driverOpts).length) volumeOptions.DriverConfig = { ...(volumeOptions.DriverConfig as object), Options: driverOpts };
  if (Object.keys(volumeOptions).length) m.VolumeOptions = volumeOptions;
  if (Object.keys(tmpfs).length) m.TmpfsOptions = tmpfs;
  return m;
}

export function mountFlags(volumeFlags: string[], mountFlagValues: string[], tmpfsFlags: string[]): MountFlags {
  const out: MountFlags = { volumes: {}, binds: [], mounts: [], tmpfs: {} };
  for (const v of volumeFlags) {
    if (v.split(':').length === 1) out.volumes[v] = {};
    else out.binds.push(v);
  }
  for (const m of mountFlagValues) out.mounts.push(parseMountFlag(m));
  for (const t of tmpfsFlags) {
    const i = t.indexOf(':');
    out.tmpfs[i < 0 ? t : t.slice(0, i)] = i < 0 ? '' : t.slice(i + 1);
  }
  return out;
}
