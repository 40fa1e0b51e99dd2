import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, appendFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLine, readLog, dockerTimestamp, type LogRecord } from './k8s-file.js';

const LOG = [
  '2026-11-22T11:02:33.959606637+00:00 stdout F out-line',
  '2026-11-22T11:02:33.959606637+00:00 stdout P partial-',
  '2026-11-22T11:02:34.959678822+00:00 stdout F rest',
  '2026-11-22T11:02:35.959678822+00:00 stderr F err-line',
  '2026-11-22T11:02:36.160194154+00:00 stdout F ',
  '',
].join('\n');

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
