// One `ps` row as docker's formatter.ContainerContext shows it: the fields --format can use, and their headers.
import { GO_TYPE } from './go-template.js';
import { contextJson } from './list-format.js';
import { humanSize } from './human-size.js';
import { truncateId, ellipsis, goQuote, timeAgo, goTimeString } from './text-units.js';

/** The fields of a /containers/json entry that ps uses. */
export interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image?: string;
  ImageID?: string;
  Command?: string;
  Created?: number;
  Ports?: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
  Labels?: Record<string, string> | null;
  State?: string;
  Status?: string;
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts?: { Name?: string; Source?: string; Driver?: string }[];
  NetworkSettings?: { Networks?: Record<string, unknown> } | null;
}

export const CONTAINER_HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS',
  State: 'STATE', Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS', Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES', Networks: 'NETWORKS', Platform: 'PLATFORM',
};

export const DEFAULT_PS_TABLE = 'table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}';

const FIELDS = ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status'];

/** docker's DisplayablePorts, without range folding: "0.0.0.0:8080->80/tcp, 443/tcp". */
export function displayablePorts(ports: ContainerSummary['Ports']): string {
  return (ports ?? [])
    .map((p) => (p.PublicPort ? `${p.IP ? (p.IP.includes(':') ? `[${p.IP}]` : p.IP) + ':' : ''}${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`))
    .sort()
    .join(', ');
}

export class ContainerContext {
  readonly [GO_TYPE] = '*formatter.ContainerContext';
  readonly #c: ContainerSummary;
  readonly #trunc: boolean;
  constructor(c: ContainerSummary, trunc: boolean) {
    this.#c = c;
    this.#trunc = trunc;
  }

  get ID(): string {
    return this.#trunc ? truncateId(this.#c.Id) : this.#c.Id;
  }
  get Names(): string {
    const names = this.#c.Names ?? [];
    const visible = this.#trunc ? names.filter((n) => n.split('/').length === 2) : names;
    return visible.map((n) => n.replace(/^\//, '')).join(',');
  }
  get Image(): string {
    const image = this.#c.Image ?? '';
    if (image === '') return '<no image>';
    if (!this.#trunc) return image;
    if (/^sha256:[0-9a-f]{64}$/.test(image) || (this.#c.ImageID && truncateId(this.#c.ImageID) === truncateId(image))) return truncateId(image);
    return image.replace(/@sha256:[0-9a-f]+$/, '');
  }
  get Command(): string {
    const cmd = this.#c.Command ?? '';
    return goQuote(this.#trunc ? ellipsis(cmd, 20) : cmd);
  }
  get CreatedAt(): string {
    return goTimeString((this.#c.Created ?? 0) * 1000);
  }
  get RunningFor(): string {
    return timeAgo(this.#c.Created ?? 0);
  }
  get Ports(): string {
    return displayablePorts(this.#c.Ports);
  }
  get State(): string {
    return this.#c.State ?? '';
  }
  get Status(): string {
    return this.#c.Status ?? '';
  }
  get Size(): string {
    if (this.#c.SizeRw === undefined && this.#c.SizeRootFs === undefined) return '0B';
    const rw = humanSize(this.#c.SizeRw ?? 0);
    return (this.#c.SizeRootFs ?? 0) > 0 ? `${rw} (virtual ${humanSize(this.#c.SizeRootFs!)})` : rw;
  }
  get Labels(): string {
    return Object.entries(this.#c.Labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(',');
  }
  Label(name: string): string {
    return this.#c.Labels?.[name] ?? '';
  }
  get Mounts(): string {
    return (this.#c.Mounts ?? []).map((m) => (m.Name ? (this.#trunc ? ellipsis(m.Name, 15) : m.Name) : m.Source ?? '')).join(',');
  }
  get LocalVolumes(): string {
    return String((this.#c.Mounts ?? []).filter((m) => m.Driver === 'local').length);
  }
  /** The image manifest's platform (docker 28); berthd does not report it yet. */
  get Platform(): { os: string; architecture: string } | null {
    const p = (this.#c as { ImageManifestDescriptor?: { platform?: { os: string; architecture: string } } }).ImageManifestDescriptor?.platform;
    return p ?? null;
  }
  get Networks(): string {
    return Object.keys(this.#c.NetworkSettings?.Networks ?? {}).sort().join(',');
  }
  toJSON(): Record<string, unknown> {
    return contextJson(this, FIELDS);
  }
}
