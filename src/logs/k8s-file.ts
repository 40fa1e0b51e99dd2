// Reads conmon's k8s-file logs: `<RFC3339Nano> <stdout|stderr> <F|P> <text>` per line. Tail, since/until, and
// follow (fs.watch on the file; the caller says when the writer is gone). Streams the file; never loads it whole
// unless a tail is asked for.
import { open, type FileHandle } from 'node:fs/promises';
import { watch } from 'node:fs';

export interface LogRecord {
  /** RFC 3339 with nanoseconds, as conmon wrote it. */
  time: string;
  stream: 'stdout' | 'stderr';
  /** The text with its newline (absent for a partial record). */
  text: string;
}

export interface ReadLogOptions {
  stdout: boolean;
  stderr: boolean;
  /** Last N lines only (undefined: all). */
  tail?: number;
  /** Start reading at this byte offset (attach: only what is written from now on). */
  fromOffset?: number;
  /** Unix seconds (fractional) bounds. */
  since?: number;
  until?: number;
  follow?: boolean;
  /** Resolves when the container has exited: follow then drains the file and ends. */
  writerDone?: Promise<void>;
  signal?: AbortSignal;
}

export function parseLine(line: string): LogRecord | undefined {
  const s1 = line.indexOf(' ');
  const s2 = line.indexOf(' ', s1 + 1);
  const s3 = line.indexOf(' ', s2 + 1);
  if (s1 < 0 || s2 < 0) return undefined;
  const stream = line.slice(s1 + 1, s2);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const tag = s3 < 0 ? line.slice(s2 + 1) : line.slice(s2 + 1, s3);
  const text = s3 < 0 ? '' : line.slice(s3 + 1);
  return { time: line.slice(0, s1), stream, text: tag === 'P' ? text : `${text}\n` };
}

/** Seconds since the epoch of an RFC 3339 nano timestamp (ms precision is enough for filters). */
export function recordSeconds(time: string): number {
  return Date.parse(time) / 1000;
}

/** Docker's `--timestamps` form: RFC 3339 nano in UTC with `Z`. */
export function dockerTimestamp(time: string): string {
  return time.replace(/\+00:00$/, 'Z');
}

export async function* readLog(path: string, o: ReadLogOptions): AsyncGenerator<LogRecord> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !o.follow) return;
    throw err;
  }
  const keep = (r: LogRecord) =>
    (r.stream === 'stdout' ? o.stdout : o.stderr) &&
    (o.since === undefined || recordSeconds(r.time) >= o.since) &&
    (o.until === undefined || recordSeconds(r.time) <= o.until);
  try {
    let position = o.fromOffset ?? 0;
    let rest = '';
    const buf = Buffer.alloc(256 * 1024);
    const drain = async function* (): AsyncGenerator<LogRecord> {
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        const chunk = rest + buf.toString('utf8', 0, bytesRead);
        const lines = chunk.split('\n');
        rest = lines.pop()!;
        for (const line of lines) {
          const r = parseLine(line);
          if (r && keep(r)) yield r;
        }
      }
    };
    if (o.tail !== undefined && o.tail >= 0) {
      const ring: LogRecord[] = [];
      let complete = 0;
      for await (const r of drain()) {
        ring.push(r);
        if (r.text.endsWith('\n')) complete++;
        while (complete > o.tail && ring.length > 0) {
          const dropped = ring.shift()!;
          if (dropped.text.endsWith('\n')) complete--;
        }
      }
      if (o.tail === 0) ring.length = 0;
      yield* ring;
    } else yield* drain();
    if (!o.follow) return;

    let wake: (() => void) | undefined;
    let done = false;
    const watcher = watch(path, () => wake?.());
    o.writerDone?.then(() => {
      done = true;
      wake?.();
    });
    const onAbort = () => {
      done = true;
      wake?.();
    };
    o.signal?.addEventListener('abort', onAbort);
    try {
      while (!o.signal?.aborted) {
        yield* drain();
        if (done) {
          if (!o.signal?.aborted) yield* drain();
          return;
        }
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 1000); // a safety net if an inotify event is missed; not the notification path
        });
        wake = undefined;
      }
    } finally {
      watcher.close();
      o.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    await fh.close();
  }
}
