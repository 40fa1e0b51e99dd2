// Reads conmon's k8s-file logs: `<RFC3339Nano> <stdout|stderr> <F|P> <text>` per line. Tail (read backwards from
// the end, so `--tail 10` of a big log costs one block), since/until, and follow (fs.watch on the log's directory;
// the caller says when the writer is gone). A rotated log is read as one: `ctr.log.N` … `ctr.log.1`, then `ctr.log`,
// and a follower finishes the file a rotation renamed before it goes on in the new one (log-files.ts). Lines are
// scanned as bytes: no per-line strings or regular expressions, so reading a log runs near disk speed. Two outputs:
// records (the builder's RUN output) and Docker's multiplexed frames (logs, attach).
import { open, stat, type FileHandle } from 'node:fs/promises';
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { rotatedFiles } from './log-files.js';

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
  /** Last N lines only (undefined or negative: all). A line is a full record plus the partials before it. */
  tail?: number;
  /** Start reading at this byte offset (attach: only what is written from now on). */
  fromOffset?: number;
  /** Unix seconds (fractional) bounds. Reading ends at the first record after `until`. */
  since?: number;
  until?: number;
  follow?: boolean;
  /** Resolves when the container has exited: follow then drains the file and ends. */
  writerDone?: Promise<void>;
  signal?: AbortSignal;
}

export interface FrameOptions {
  /** Prefix each record with Docker's `--timestamps` form. */
  timestamps?: boolean;
  /** Raw bytes (TTY) instead of 8-byte multiplexed frame headers. */
  raw?: boolean;
  /**
   * Consecutive lines of one stream share a frame (up to ~64 KiB). Clients that demultiplex see the same bytes
   * with far fewer frames; only for reads that end (not follow), where no client waits on a frame per line.
   */
  coalesce?: boolean;
  /** `--details`: written before each line's text (after its timestamp). */
  prefix?: Buffer;
}

const SP = 0x20;
const NL = 0x0a;
const BLOCK = 256 * 1024;
/** Output buffers are handed on when they reach this size. */
const FLUSH = 64 * 1024;
const UTC_SUFFIX = Buffer.from('+00:00');

/** Where the parts of one line are, or undefined for a line that is not a record. */
interface Fields {
  /** End of the timestamp (the first space). */
  timeEnd: number;
  stream: 1 | 2;
  partial: boolean;
  textStart: number;
}

export function lineFields(buf: Buffer, start: number, end: number): Fields | undefined {
  const s1 = buf.indexOf(SP, start);
  // `stdout F` needs 9 bytes after the timestamp's space ... `stdout F <text>` has the text from s1 + 10.
  if (s1 < 0 || s1 + 9 > end || buf[s1 + 7] !== SP || buf[s1 + 1] !== 0x73 /* s */) return undefined;
  const c = buf[s1 + 4];
  const stream = c === 0x6f /* o: stdout */ ? 1 : c === 0x65 /* e: stderr */ ? 2 : 0;
  const tag = buf[s1 + 8];
  if (stream === 0 || (tag !== 0x46 /* F */ && tag !== 0x50) /* P */) return undefined;
  return { timeEnd: s1, stream, partial: tag === 0x50, textStart: Math.min(s1 + 10, end) };
}

/** Seconds since the epoch of an RFC 3339 timestamp in `buf[start, end)`, parsed by position (NaN if malformed). */
export function timeSeconds(buf: Buffer, start: number, end: number): number {
  const d2 = (i: number) => (buf[i]! - 48) * 10 + (buf[i + 1]! - 48);
  let s = Date.UTC(d2(start) * 100 + d2(start + 2), d2(start + 5) - 1, d2(start + 8), d2(start + 11), d2(start + 14), d2(start + 17)) / 1000;
  let i = start + 19;
  if (buf[i] === 0x2e /* . */) {
    let frac = 0;
    let scale = 1;
    for (i++; i < end && buf[i]! >= 48 && buf[i]! <= 57; i++) {
      if (scale < 1e9) {
        frac = frac * 10 + (buf[i]! - 48);
        scale *= 10;
      }
    }
    s += frac / scale;
  }
  const z = buf[i];
  if (z === 0x2b /* + */ || z === 0x2d /* - */) s -= (z === 0x2b ? 1 : -1) * (d2(i + 1) * 3600 + d2(i + 4) * 60);
  return s;
}

/** Docker's `--timestamps` form: RFC 3339 with nanoseconds, in UTC with `Z`. */
export function dockerTimestamp(time: string): string {
  if (time.endsWith('Z')) return time;
  if (time.endsWith('+00:00')) return `${time.slice(0, -6)}Z`;
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return time;
  const frac = /\.(\d+)/.exec(time)?.[1] ?? '';
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}.${frac.padEnd(9, '0').slice(0, 9)}Z`;
}

/** One record from its line (kept for tests and callers that have a line in hand). */
export function parseLine(line: string): LogRecord | undefined {
  const buf = Buffer.from(line);
  const f = lineFields(buf, 0, buf.length);
  if (!f) return undefined;
  const text = buf.toString('utf8', f.textStart, buf.length);
  return { time: buf.toString('latin1', 0, f.timeEnd), stream: f.stream === 1 ? 'stdout' : 'stderr', text: f.partial ? text : `${text}\n` };
}

/** Seconds since the epoch of an RFC 3339 nano timestamp. */
export function recordSeconds(time: string): number {
  const buf = Buffer.from(time, 'latin1');
  return timeSeconds(buf, 0, buf.length);
}

type Verdict = 0 | 1 | 2; // skip, keep, stop
const SKIP: Verdict = 0;
const KEEP: Verdict = 1;
const STOP: Verdict = 2;

/** The stream and time filter. Timestamps only grow in a log, so `since` stops being checked once passed. */
class Selection {
  #sincePassed: boolean;
  constructor(readonly o: ReadLogOptions) {
    this.#sincePassed = o.since === undefined;
  }
  verdict(buf: Buffer, start: number, f: Fields): Verdict {
    const o = this.o;
    if (!this.#sincePassed || o.until !== undefined) {
      const t = timeSeconds(buf, start, f.timeEnd);
      if (o.until !== undefined && t > o.until) return STOP;
      if (!this.#sincePassed) {
        if (t < o.since!) return SKIP;
        this.#sincePassed = true;
      }
    }
    return (f.stream === 1 ? o.stdout : o.stderr) ? KEEP : SKIP;
  }
}

/** Where the last lines of one file start: `stop` when that file alone held them (or a line before `since`). */
export interface TailScan {
  offset: number;
  /** Selected lines counted in the file (when not `stop`: all of them, the file is read whole). */
  found: number;
  stop: boolean;
}

/**
 * The offset from which the last `n` lines of the selected streams start. Reads blocks backwards from `size`;
 * a line is complete at its `F` record. Bytes after the last newline (a record being written) are not counted.
 */
export async function tailScan(fh: FileHandle, size: number, n: number, o: ReadLogOptions): Promise<TailScan> {
  if (n <= 0) return { offset: size, found: 0, stop: true };
  let pos = size; // file offset where `data` starts
  let data = Buffer.alloc(0);
  let lineEnd = -1; // file offset of the newline that ends the next line to examine (-1: not found yet)
  let found = 0;
  while (pos > 0) {
    const len = Math.min(BLOCK, pos);
    pos -= len;
    const block = Buffer.allocUnsafe(len);
    const { bytesRead } = await fh.read(block, 0, len, pos);
    if (bytesRead < len) return { offset: 0, found, stop: false }; // the file shrank under us: read it all
    data = data.length ? Buffer.concat([block, data]) : block;
    if (lineEnd < 0) {
      const last = data.lastIndexOf(NL);
      if (last < 0) continue;
      lineEnd = pos + last;
    }
    for (;;) {
      const e = lineEnd - pos;
      const nl = e > 0 ? data.lastIndexOf(NL, e - 1) : -1;
      if (nl < 0 && pos > 0) {
        data = data.subarray(0, e); // this line starts in an earlier block
        break;
      }
      const start = nl + 1;
      const f = lineFields(data, start, e);
      if (f && !f.partial) {
        if (o.since !== undefined && timeSeconds(data, start, f.timeEnd) < o.since) return { offset: lineEnd + 1, found, stop: true };
        if ((f.stream === 1 ? o.stdout : o.stderr) && ++found > n) return { offset: lineEnd + 1, found: n, stop: true };
      }
      if (nl < 0) return { offset: 0, found, stop: false };
      lineEnd = pos + nl;
    }
  }
  return { offset: 0, found, stop: false };
}

/** The offset from which the last `n` selected lines of one file start. */
export async function tailOffset(fh: FileHandle, size: number, n: number, o: ReadLogOptions): Promise<number> {
  return (await tailScan(fh, size, n, o)).offset;
}

/** Calls `each` for every selected record in `data[0, end)`; returns false when a record lies past `until`. */
function scanLines(data: Buffer, end: number, sel: Selection, each: (start: number, lineEnd: number, f: Fields) => void): boolean {
  let start = 0;
  while (start < end) {
    let nl = data.indexOf(NL, start);
    if (nl < 0 || nl >= end) nl = end;
    const f = lineFields(data, start, nl);
    if (f) {
      const v = sel.verdict(data, start, f);
      if (v === STOP) return false;
      if (v === KEEP) each(start, nl, f);
    }
    start = nl + 1;
  }
  return true;
}

/** A block of the log holding complete lines in `data[0, end)`; valid until the next block is asked for. */
interface Block {
  data: Buffer;
  end: number;
}

interface LogFile {
  fh: FileHandle;
  ino: number;
  size: number;
}

/**
 * The files to read, oldest first: the rotated ones (unless reading the live file from an offset) and the live one.
 * The live file is opened first and the rotated ones newest first, so a rotation meanwhile shows as a file seen
 * twice (skipped by inode) rather than one missed.
 */
async function openLogFiles(path: string, liveOnly: boolean): Promise<LogFile[]> {
  const out: LogFile[] = [];
  const seen = new Set<number>();
  const add = async (name: string) => {
    let fh: FileHandle;
    try {
      fh = await open(name, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const st = await fh.stat();
    if (seen.has(st.ino)) return void (await fh.close());
    seen.add(st.ino);
    out.push({ fh, ino: st.ino, size: st.size });
  };
  try {
    await add(path);
    if (!liveOnly) for (const name of await rotatedFiles(path)) await add(name);
  } catch (err) {
    await Promise.all(out.map((f) => f.fh.close()));
    throw err;
  }
  return out.reverse();
}

/** The file that follows the one with inode `ino` after a rotation moved it: `.k` is followed by `.k-1`, `.1` by the live file. */
async function fileAfter(path: string, ino: number): Promise<string> {
  for (const name of await rotatedFiles(path)) {
    const st = await stat(name).catch(() => undefined);
    if (st?.ino === ino) {
      const k = Number(name.slice(path.length + 1));
      return k === 1 ? path : `${path}.${k - 1}`;
    }
  }
  return path;
}

/**
 * Reads the log in blocks from where the options say (across its rotated files, oldest first), then follows the
 * live file until the writer is done, moving on to the next file when a rotation replaces it.
 */
async function* readBlocks(path: string, o: ReadLogOptions): AsyncGenerator<Block> {
  const liveOnly = o.fromOffset !== undefined;
  // (a reader from an offset that comes in the instant between a rotation's rename and the writer's reopen reads
  // the file just rotated, which is the one its offset was taken from)
  let files = await openLogFiles(path, liveOnly);
  if (files.length === 0 && liveOnly && o.fromOffset! > 0) files = await openLogFiles(`${path}.1`, true);
  if (files.length === 0) return;
  let first = 0;
  // an offset beyond the live file's end was taken before a rotation replaced it: the new file is read whole
  let position = o.fromOffset !== undefined && o.fromOffset <= files[0]!.size ? o.fromOffset : 0;
  if (o.tail !== undefined && o.tail >= 0) {
    let remaining = o.tail;
    for (first = files.length - 1; first >= 0; first--) {
      const f = files[first]!;
      const t = await tailScan(f.fh, f.size, remaining, o);
      position = Math.max(first === files.length - 1 ? position : 0, t.offset);
      if (t.stop || first === 0) break;
      remaining -= t.found;
    }
    first = Math.max(first, 0);
  }
  await Promise.all(files.slice(0, first).map((f) => f.fh.close()));
  let index = first;
  let cur = files[index]!;
  let carry: Buffer | undefined;
  const block = Buffer.allocUnsafe(BLOCK);
  async function* drain(): AsyncGenerator<Block> {
    for (;;) {
      const { bytesRead } = await cur.fh.read(block, 0, BLOCK, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      const data = carry ? Buffer.concat([carry, block.subarray(0, bytesRead)]) : block.subarray(0, bytesRead);
      const last = data.lastIndexOf(NL);
      carry = last + 1 < data.length ? Buffer.from(data.subarray(last + 1)) : undefined;
      if (last >= 0) yield { data, end: last };
    }
  }
  const moveTo = async (next: LogFile) => {
    await cur.fh.close();
    cur = next;
    position = 0;
    carry = undefined;
  };
  /** The live file has been replaced by a rotation (its path names another file now): open the one that follows. */
  const switchIfRotated = async (): Promise<boolean> => {
    const st = await stat(path).catch(() => undefined);
    if (!st || st.ino === cur.ino) return false;
    const name = await fileAfter(path, cur.ino);
    const opened = (await openLogFiles(name, true))[0] ?? (await openLogFiles(path, true))[0];
    if (!opened || opened.ino === cur.ino) {
      await opened?.fh.close();
      return false;
    }
    await moveTo(opened);
    return true;
  };
  try {
    for (; index < files.length - 1; index++) {
      yield* drain(); // a rotated file: read to its end, then the next one
      await moveTo(files[index + 1]!);
    }
    yield* drain();
    if (!o.follow || o.signal?.aborted) return;

    // Follow: drain whenever inotify says a file of the log changed, until the writer is done or the reader goes
    // away. The directory is watched so the live file's replacement by a rotation is seen too.
    let changed = false;
    let rotation = false;
    let done = false;
    let wake: (() => void) | undefined;
    const poke = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const onDone = () => {
      done = true;
      poke();
    };
    const base = basename(path);
    const watcher = watch(dirname(path), (event, name) => {
      if (name && !String(name).startsWith(base)) return;
      if (event === 'rename') rotation = true;
      changed = true;
      poke();
    });
    watcher.on('error', onDone);
    o.signal?.addEventListener('abort', onDone);
    void o.writerDone?.then(onDone, onDone);
    try {
      for (;;) {
        changed = false;
        yield* drain();
        if (o.signal?.aborted) return;
        if (rotation) {
          rotation = false;
          if (await switchIfRotated()) {
            changed = true;
            continue;
          }
        }
        if (done) {
          // what the writer wrote before it went away, in this file and any it rotated to
          do yield* drain();
          while (await switchIfRotated());
          return;
        }
        if (!changed) await new Promise<void>((r) => (wake = r));
      }
    } finally {
      watcher.close();
      o.signal?.removeEventListener('abort', onDone);
    }
  } finally {
    await Promise.all(files.slice(index + 1).map((f) => f.fh.close()));
    await cur.fh.close();
  }
}

/** The selected records, one at a time (attach). */
export async function* readLog(path: string, o: ReadLogOptions): AsyncGenerator<LogRecord> {
  const sel = new Selection(o);
  for await (const { data, end } of readBlocks(path, o)) {
    const records: LogRecord[] = [];
    const more = scanLines(data, end, sel, (start, nl, f) => {
      const text = data.toString('utf8', f.textStart, nl);
      records.push({ time: data.toString('latin1', start, f.timeEnd), stream: f.stream === 1 ? 'stdout' : 'stderr', text: f.partial ? text : `${text}\n` });
    });
    yield* records;
    if (!more) return;
  }
}

/**
 * The selected records as ready-to-send bytes: Docker's multiplexed frames (or raw text), with `--timestamps`
 * prefixes when asked, in buffers of up to ~64 KiB (while following, whatever is there at once).
 */
export async function* readLogFrames(path: string, o: ReadLogOptions & FrameOptions): AsyncGenerator<Buffer> {
  const sel = new Selection(o);
  const writer = new FrameWriter(o);
  for await (const { data, end } of readBlocks(path, o)) {
    const out: Buffer[] = [];
    const more = scanLines(data, end, sel, (start, nl, f) => writer.add(data, start, nl, f, out));
    writer.flush(out);
    yield* out;
    if (!more) return;
  }
}

/** Builds frames straight from the log's bytes into shared output buffers. */
class FrameWriter {
  #buf = Buffer.allocUnsafe(FLUSH * 2);
  #len = 0;
  /** Offset of the last frame's header in the buffer (-1: none since the last flush), and its stream. */
  #frame = -1;
  #frameStream = 0;
  constructor(readonly o: FrameOptions) {}

  add(data: Buffer, start: number, nl: number, f: Fields, out: Buffer[]): void {
    // conmon writes UTC as `+00:00`: copied as bytes with `Z`; any other offset goes through dockerTimestamp.
    const utc = this.o.timestamps && f.timeEnd - start > 6 && data.compare(UTC_SUFFIX, 0, 6, f.timeEnd - 6, f.timeEnd) === 0;
    const ts = this.o.timestamps && !utc ? dockerTimestamp(data.toString('latin1', start, f.timeEnd)) : undefined;
    const tsLen = utc ? f.timeEnd - 6 - start + 1 : ts ? ts.length : -1;
    const textLen = nl - f.textStart;
    const prefix = this.o.prefix;
    const size = tsLen + 1 + (prefix ? prefix.length : 0) + textLen + (f.partial ? 0 : 1);
    // the same stream as the frame just written: its payload grows (one frame for many lines)
    const join = this.o.coalesce && !this.o.raw && this.#frame >= 0 && this.#frameStream === f.stream && this.#len + size <= this.#buf.length;
    const need = size + (this.o.raw || join ? 0 : 8);
    if (this.#len + need > this.#buf.length) {
      this.flush(out);
      if (need > this.#buf.length) this.#buf = Buffer.allocUnsafe(need);
    }
    const b = this.#buf;
    let p = this.#len;
    if (join) b.writeUInt32BE(b.readUInt32BE(this.#frame + 4) + size, this.#frame + 4);
    else if (!this.o.raw) {
      this.#frame = p;
      this.#frameStream = f.stream;
      b[p] = f.stream;
      b[p + 1] = 0;
      b[p + 2] = 0;
      b[p + 3] = 0;
      b.writeUInt32BE(size, p + 4);
      p += 8;
    }
    if (utc) {
      p += data.copy(b, p, start, f.timeEnd - 6);
      b[p++] = 0x5a; // Z
      b[p++] = SP;
    } else if (ts) {
      p += b.write(ts, p, 'latin1');
      b[p++] = SP;
    }
    if (prefix) p += prefix.copy(b, p);
    p += data.copy(b, p, f.textStart, nl);
    if (!f.partial) b[p++] = NL;
    this.#len = p;
    if (this.#len >= FLUSH) this.flush(out);
  }

  flush(out: Buffer[]): void {
    if (this.#len === 0) return;
    out.push(Buffer.from(this.#buf.subarray(0, this.#len)));
    this.#len = 0;
    this.#frame = -1;
  }
}
