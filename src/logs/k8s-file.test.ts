import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, appendFile, rm, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLine, readLog, readLogFrames, dockerTimestamp, type LogRecord } from './k8s-file.js';

const LOG = [
  '2026-11-22T11:02:33.959606637+00:00 stdout F out-line',
  '2026-11-22T11:02:33.959606637+00:00 stdout P partial-',
  '2026-11-22T11:02:34.959678822+00:00 stdout F rest',
  '2026-11-22T11:02:35.959678822+00:00 stderr F err-line',
  '2026-11-22T11:02:36.160194154+00:00 stdout F ',
  '',
].join('\n');

async function gather<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

async function collect(gen: AsyncGenerator<LogRecord>): Promise<string> {
  let s = '';
  for await (const r of gen) s += `${r.stream[3]}:${r.text}`;
  return s;
}

test('parseLine reads k8s-file records', () => {
  assert.deepEqual(parseLine('2026-11-22T11:02:33.959606637+00:00 stdout F hello world'), { time: '2026-11-22T11:02:33.959606637+00:00', stream: 'stdout', text: 'hello world\n' });
  assert.equal(parseLine('2026-11-22T11:02:33.9+00:00 stderr P x')!.text, 'x');
  assert.equal(parseLine('garbage'), undefined);
  assert.equal(dockerTimestamp('2026-11-22T11:02:33.959606637+00:00'), '2026-11-22T11:02:33.959606637Z');
});

test('readLog filters streams, tails, since/until', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  await writeFile(path, LOG);
  try {
    const all = { stdout: true, stderr: true };
    assert.equal(await collect(readLog(path, all)), 'o:out-line\no:partial-o:rest\ne:err-line\no:\n');
    assert.equal(await collect(readLog(path, { stdout: false, stderr: true })), 'e:err-line\n');
    assert.equal(await collect(readLog(path, { ...all, tail: 2 })), 'e:err-line\no:\n');
    assert.equal(await collect(readLog(path, { ...all, tail: 3 })), 'o:partial-o:rest\ne:err-line\no:\n');
    assert.equal(await collect(readLog(path, { ...all, tail: 0 })), '');
    const t = Date.parse('2026-11-22T11:02:34.5Z') / 1000;
    assert.equal(await collect(readLog(path, { ...all, since: t })), 'o:rest\ne:err-line\no:\n');
    assert.equal(await collect(readLog(path, { ...all, until: t })), 'o:out-line\no:partial-');
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('follow delivers appended lines and ends when the writer is done', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  await writeFile(path, '2026-11-22T11:02:33.9+00:00 stdout F one\n');
  let finish!: () => void;
  const writerDone = new Promise<void>((r) => (finish = r));
  try {
    const got: string[] = [];
    const reading = (async () => {
      for await (const r of readLog(path, { stdout: true, stderr: true, follow: true, writerDone })) got.push(r.text);
    })();
    await new Promise((r) => setTimeout(r, 50));
    await appendFile(path, '2026-11-22T11:02:34.9+00:00 stdout F two\n');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(got, ['one\n', 'two\n']);
    await appendFile(path, '2026-11-22T11:02:35.9+00:00 stdout F three\n');
    finish();
    await reading;
    assert.deepEqual(got, ['one\n', 'two\n', 'three\n']);
  } finally {
    await rm(dir, { recursive: true });
  }
});

/** `count` lines `L<i>` on alternating streams, one second apart, with a partial split every 7th line. */
function bigLog(count: number, width = 100): { text: string; lines: string[] } {
  const out: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const time = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('Z', '000000+00:00').replace(/\.(\d{3})000000/, '.$1123456');
    const stream = i % 2 ? 'stderr' : 'stdout';
    const body = `L${i} ${'x'.repeat(width)}`;
    if (i % 7 === 3) {
      out.push(`${time} ${stream} P ${body.slice(0, 5)}`, `${time} ${stream} F ${body.slice(5)}`);
      lines.push(`${stream[3]}:${body.slice(0, 5)}${stream[3]}:${body.slice(5)}\n`);
    } else {
      out.push(`${time} ${stream} F ${body}`);
      lines.push(`${stream[3]}:${body}\n`);
    }
  }
  return { text: `${out.join('\n')}\n`, lines };
}

test('tail reads backwards across block boundaries, counting full lines of the selected streams', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  const { text, lines } = bigLog(20_000, 150); // ~4 MiB: many 256 KiB blocks, lines crossing their edges
  await writeFile(path, text);
  try {
    const all = { stdout: true, stderr: true };
    for (const n of [1, 2, 3, 4, 7, 100, 1234, 19_999, 20_000, 50_000]) {
      assert.equal(await collect(readLog(path, { ...all, tail: n })), lines.slice(-n).join(''), `tail ${n}`);
    }
    const errOnly = lines.filter((l) => l.startsWith('e:'));
    assert.equal(await collect(readLog(path, { stdout: false, stderr: true, tail: 5 })), errOnly.slice(-5).join(''));
    assert.equal(await collect(readLog(path, all)), lines.join(''));
    const since = Date.UTC(2026, 0, 1) / 1000 + 19_990; // lines 19990.. (their .123456 fraction is past since)
    assert.equal(await collect(readLog(path, { ...all, since })), lines.slice(19_990).join(''));
    assert.equal(await collect(readLog(path, { ...all, since, tail: 100 })), lines.slice(19_990).join(''));
    assert.equal(await collect(readLog(path, { ...all, until: Date.UTC(2026, 0, 1) / 1000 + 2.5 })), lines.slice(0, 3).join(''));
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('frames: 8-byte headers, stream numbers, timestamps in Docker form, raw mode', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  await writeFile(path, LOG);
  try {
    const all = { stdout: true, stderr: true };
    const bytes = Buffer.concat(await gather(readLogFrames(path, all)));
    const frames: string[] = [];
    for (let p = 0; p < bytes.length; ) {
      assert.deepEqual([...bytes.subarray(p + 1, p + 4)], [0, 0, 0]);
      const size = bytes.readUInt32BE(p + 4);
      frames.push(`${bytes[p]}:${bytes.toString('utf8', p + 8, p + 8 + size)}`);
      p += 8 + size;
    }
    assert.deepEqual(frames, ['1:out-line\n', '1:partial-', '1:rest\n', '2:err-line\n', '1:\n']);
    const ts = Buffer.concat(await gather(readLogFrames(path, { ...all, raw: true, timestamps: true, tail: 1 }))).toString();
    assert.equal(ts, '2026-11-22T11:02:36.160194154Z \n');
    assert.equal(dockerTimestamp('2026-11-22T12:02:33.5+01:00'), '2026-11-22T11:02:33.500000000Z');
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('reading 200k lines runs near disk speed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  const { text } = bigLog(200_000, 60);
  await writeFile(path, text);
  try {
    const t0 = performance.now();
    let bytes = 0;
    for await (const b of readLogFrames(path, { stdout: true, stderr: true })) bytes += b.length;
    const all = performance.now() - t0;
    const t1 = performance.now();
    const last = await collect(readLog(path, { stdout: true, stderr: true, tail: 10 }));
    const tail = performance.now() - t1;
    assert.ok(bytes > text.length / 2);
    assert.equal(last.split('\n').length, 11, last);
    // ~20 MB: well under a second even on a busy 2-core machine; the tail reads one block
    assert.ok(all < 1500, `all frames took ${all.toFixed(0)} ms`);
    assert.ok(tail < 50, `tail took ${tail.toFixed(0)} ms`);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('follow wakes on inotify only, and stops at a record past until', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  await writeFile(path, '2026-11-22T11:02:33.9+00:00 stdout F one\n');
  const abort = new AbortController();
  try {
    const got: string[] = [];
    const reading = (async () => {
      for await (const r of readLog(path, { stdout: true, stderr: true, follow: true, signal: abort.signal, until: Date.parse('2026-11-22T11:02:40Z') / 1000 })) got.push(r.text);
    })();
    await new Promise((r) => setTimeout(r, 30));
    // a record written in two pieces is delivered once complete
    await appendFile(path, '2026-11-22T11:02:34.9+00:00 std');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(got, ['one\n']);
    await appendFile(path, 'out F two\n');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(got, ['one\n', 'two\n']);
    await appendFile(path, '2026-11-22T11:02:41.9+00:00 stdout F late\n');
    await reading; // ends by itself: past until
    assert.deepEqual(got, ['one\n', 'two\n']);
    // an aborted follower ends without any write
    const idle = (async () => {
      for await (const _ of readLog(path, { stdout: true, stderr: true, follow: true, signal: abort.signal, fromOffset: 1e9 })) void _;
    })();
    abort.abort();
    await idle;
  } finally {
    await rm(dir, { recursive: true });
  }
});

const rec = (i: number, stream = 'stdout') => `2026-11-22T11:02:${String(i % 60).padStart(2, '0')}.${String(i).padStart(9, '0')}+00:00 ${stream} F line-${i}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => rec(from + k)).join('');
const expected = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `line-${from + k}\n`).join('');

test('reads across rotated files oldest first, with tail and since spanning files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  try {
    await writeFile(`${path}.2`, lines(0, 10));
    await writeFile(`${path}.1`, lines(10, 20));
    await writeFile(path, lines(20, 25));
    await writeFile(`${path}.x`, lines(90, 99)); // not part of the set
    const text = async (o: Partial<Parameters<typeof readLogFrames>[1]>) =>
      Buffer.concat(await gather(readLogFrames(path, { stdout: true, stderr: true, raw: true, ...o }))).toString();
    assert.equal(await text({}), expected(0, 25));
    assert.equal(await text({ tail: 3 }), expected(22, 25));
    assert.equal(await text({ tail: 5 }), expected(20, 25));
    assert.equal(await text({ tail: 12 }), expected(13, 25));
    assert.equal(await text({ tail: 100 }), expected(0, 25));
    assert.equal(await text({ tail: 0 }), '');
    assert.equal(await text({ since: Date.UTC(2026, 10, 22, 11, 2, 15) / 1000 }), expected(15, 25));
    assert.equal(await text({ until: Date.UTC(2026, 10, 22, 11, 2, 3, 500) / 1000 }), expected(0, 4));
    assert.equal(await text({ tail: 12, since: Date.UTC(2026, 10, 22, 11, 2, 18) / 1000 }), expected(18, 25));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('follow keeps reading across a rotation: the renamed file to its end, then the new live file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  try {
    await writeFile(path, lines(0, 5));
    let done!: () => void;
    const writerDone = new Promise<void>((r) => (done = r));
    const reading = collectText(readLog(path, { stdout: true, stderr: true, follow: true, writerDone }));
    await sleep(50);
    await appendFile(path, lines(5, 10));
    await sleep(30);
    await rename(path, `${path}.1`); // the rotation's rename; the writer still has the old file open
    await appendFile(`${path}.1`, lines(10, 12));
    await sleep(30);
    await writeFile(`${path}.tmp`, ''); // the writer's reopen: a fresh file renamed into place
    await rename(`${path}.tmp`, path);
    await appendFile(path, lines(12, 20));
    await sleep(30);
    await rename(`${path}.1`, `${path}.2`); // a second rotation
    await rename(path, `${path}.1`);
    await appendFile(`${path}.1`, lines(20, 22));
    await writeFile(path, lines(22, 30));
    await sleep(30);
    done();
    assert.equal(await reading, expected(0, 30));
    // an attach-style reader from an offset of the live file starts there
    const tailOfLive = await collectText(readLog(path, { stdout: true, stderr: true, fromOffset: Buffer.byteLength(lines(22, 28)) }));
    assert.equal(tailOfLive, expected(28, 30));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function collectText(gen: AsyncGenerator<LogRecord>): Promise<string> {
  let s = '';
  for await (const r of gen) s += r.text;
  return s;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** [stream, payload] of each multiplexed frame. */
function frames(bytes: Buffer): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let p = 0; p < bytes.length; ) {
    const size = bytes.readUInt32BE(p + 4);
    out.push([bytes[p]!, bytes.toString('utf8', p + 8, p + 8 + size)]);
    p += 8 + size;
  }
  return out;
}

test('coalesce: consecutive lines of one stream share a frame, the stream order is kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-log-'));
  const path = join(dir, 'ctr.log');
  try {
    await writeFile(path, lines(0, 3) + rec(3, 'stderr') + rec(4, 'stderr') + lines(5, 6));
    const o = { stdout: true, stderr: true, prefix: Buffer.from(' ') };
    assert.deepEqual(frames(Buffer.concat(await gather(readLogFrames(path, { ...o, coalesce: true })))), [
      [1, ' line-0\n line-1\n line-2\n'],
      [2, ' line-3\n line-4\n'],
      [1, ' line-5\n'],
    ]);
    assert.equal(frames(Buffer.concat(await gather(readLogFrames(path, o)))).length, 6);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
