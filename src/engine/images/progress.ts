// Docker's JSON progress messages for pull and push (`{"status":"Downloading","id":"a1b2c3d4e5f6",
// "progressDetail":{"current":1,"total":9},"progress":"[=> ] 1B/9B"}`), throttled per layer so a fast transfer
// does not flood the client.

export interface ProgressMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  /** A line of text (`Loaded image: app:1\n`). */
  stream?: string;
  aux?: unknown;
}

export type ProgressSink = (m: ProgressMessage) => void;

/** The first 12 hex digits, as docker shows layers. */
export const shortId = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

export function progressBar(current: number, total: number | undefined): string {
  const width = 50;
  const size = (n: number) => {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let i = 0;
    let v = n;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return `${i === 0 ? v : v.toFixed(v < 10 ? 3 : v < 100 ? 2 : 1).replace(/\.?0+$/, '')}${units[i]}`;
  };
  if (!total || total <= 0) return `${size(current)}`;
  const filled = Math.min(width, Math.floor((current / total) * width));
  const bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}]`;
  return `${bar}  ${size(current)}/${size(total)}`;
}

/** Reports byte progress for one layer at most every `intervalMs`, and always the last update. */
export class ThrottledProgress {
  #last = 0;
  constructor(
    readonly sink: ProgressSink,
    readonly id: string,
    readonly status: string,
    readonly total: number | undefined,
    readonly intervalMs = 100,
  ) {}

  update(current: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.#last < this.intervalMs) return;
    this.#last = now;
    this.sink({ status: this.status, id: this.id, progressDetail: { current, total: this.total }, progress: progressBar(current, this.total) });
  }
}
