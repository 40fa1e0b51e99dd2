// `images` rows as docker's formatter.imageContext shows them: one row per repository:tag (and per digest with
// --digests), `<none>` for dangling images; and the `history` rows (formatter.historyContext).
import { GO_TYPE } from './go-template.js';
import { contextJson } from './list-format.js';
import { humanSize } from './human-size.js';
import { truncateId, ellipsis, timeAgo, goTimeString, rfc3339 } from './text-units.js';

export interface ImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Size: number;
  SharedSize?: number;
  Containers?: number;
}

export const IMAGE_HEADERS: Record<string, string> = {
  ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT',
  Size: 'SIZE', Containers: 'CONTAINERS', VirtualSize: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE',
};

export const DEFAULT_IMAGES_TABLE = 'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}';
export const DIGEST_IMAGES_TABLE = 'table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}';

const IMAGE_FIELDS = ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag', 'UniqueSize', 'VirtualSize'];

export class ImageContext {
  readonly [GO_TYPE] = '*formatter.imageContext';
  constructor(
    readonly i: ImageSummary,
    readonly trunc: boolean,
    readonly Repository: string,
    readonly Tag: string,
    readonly Digest: string,
  ) {}
  get ID(): string {
    return this.trunc ? truncateId(this.i.Id) : this.i.Id;
  }
  get CreatedSince(): string {
    return timeAgo(this.i.Created);
  }
  get CreatedAt(): string {
    return goTimeString(this.i.Created * 1000);
  }
  get Size(): string {
    return humanSize(this.i.Size);
  }
  get VirtualSize(): string {
    return humanSize(this.i.Size);
  }
  get Containers(): string {
    return this.i.Containers === undefined || this.i.Containers === -1 ? 'N/A' : String(this.i.Containers);
  }
  get SharedSize(): string {
    return this.i.SharedSize === undefined || this.i.SharedSize === -1 ? 'N/A' : humanSize(this.i.SharedSize);
  }
  get UniqueSize(): string {
    return this.i.SharedSize === undefined || this.i.SharedSize === -1 ? 'N/A' : humanSize(this.i.Size - this.i.SharedSize);
  }
  toJSON(): Record<string, unknown> {
    return contextJson(this, IMAGE_FIELDS);
  }
}

/** `name:tag` -> [name, tag]; the tag is after the last ':' that follows the last '/'. */
function splitTag(ref: string): [string, string] | undefined {
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(':');
  if (colon < 0 || colon < noDigest.lastIndexOf('/')) return undefined;
  return [noDigest.slice(0, colon), noDigest.slice(colon + 1)];
}

/** docker's imageFormatTaggedAndDigest, rows in the daemon's order. */
export function imageRows(images: readonly ImageSummary[], trunc: boolean, digests: boolean): ImageContext[] {
  const rows: ImageContext[] = [];
  for (const img of images) {
    const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    const dgs = (img.RepoDigests ?? []).filter((d) => d !== '<none>@<none>');
    if (tags.length === 0 && dgs.length === 0) {
      rows.push(new ImageContext(img, trunc, '<none>', '<none>', '<none>'));
      continue;
    }
    const repoTags = new Map<string, string[]>();
    for (const t of tags) {
      const s = splitTag(t);
      if (s) repoTags.set(s[0], [...(repoTags.get(s[0]) ?? []), s[1]]);
    }
    const repoDigests = new Map<string, string[]>();
    for (const d of dgs) {
      const at = d.indexOf('@');
      if (at > 0) repoDigests.set(d.slice(0, at), [...(repoDigests.get(d.slice(0, at)) ?? []), d.slice(at + 1)]);
    }
    for (const [repo, ts] of repoTags) {
      const ds = digests ? (repoDigests.get(repo) ?? []) : [];
      repoDigests.delete(repo);
      for (const tag of ts) {
        if (ds.length === 0) rows.push(new ImageContext(img, trunc, repo, tag, '<none>'));
        else for (const d of ds) rows.push(new ImageContext(img, trunc, repo, tag, d));
      }
    }
    for (const [repo, ds] of repoDigests) {
      if (digests) for (const d of ds) rows.push(new ImageContext(img, trunc, repo, '<none>', d));
      else rows.push(new ImageContext(img, trunc, repo, '<none>', ''));
    }
  }
  return rows;
}

export interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags?: string[] | null;
  Size: number;
  Comment: string;
}

export const HISTORY_HEADERS: Record<string, string> = {
  ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT',
};

export const DEFAULT_HISTORY_TABLE = 'table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}';
export const NON_HUMAN_HISTORY_TABLE = 'table {{.ID}}\\t{{.CreatedAt}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}';

export class HistoryContext {
  readonly [GO_TYPE] = '*image.historyContext'; // docker 28 keeps it in cli/command/image
  constructor(
    readonly h: HistoryEntry,
    readonly trunc: boolean,
    readonly human: boolean,
  ) {}
  get ID(): string {
    return this.trunc && this.h.Id !== '<missing>' ? truncateId(this.h.Id) : this.h.Id;
  }
  get CreatedSince(): string {
    return this.human ? timeAgo(this.h.Created) : this.CreatedAt;
  }
  get CreatedAt(): string {
    return rfc3339(this.h.Created * 1000);
  }
  get CreatedBy(): string {
    const by = this.h.CreatedBy.replaceAll('\t', ' ');
    return this.trunc ? ellipsis(by, 45) : by;
  }
  get Size(): string {
    return this.human ? humanSize(this.h.Size) : String(this.h.Size);
  }
  get Comment(): string {
    return this.h.Comment;
  }
  toJSON(): Record<string, unknown> {
    return contextJson(this, ['Comment', 'CreatedAt', 'CreatedBy', 'CreatedSince', 'ID', 'Size']);
  }
}
