import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { lightSpawn, type LightChild } from './light-spawn.js';

function collect(child: LightChild, fd: number): () => string {
  let s = '';
  child.stdio[fd]!.on('data', (b: Buffer) => (s += b.toString()));
  return () => s;
}

test('lightSpawn: stdin reaches the child and its end is seen; stdout, stderr apart; the exit code', async () => {
  const child = lightSpawn('sh', ['-c', 'cat; echo oops >&2; exit 3'], { stdio: 'pipe' });
  const out = collect(child, 1);
  const err = collect(child, 2);
  child.stdin!.end('hello\n');
  const [code, signal] = (await once(child, 'close')) as [number, string | null];
  assert.deepEqual([code, signal, out(), err()], [3, null, 'hello\n', 'oops\n']);
});

test('lightSpawn: a signal ends it; ignore gives /dev/null; env and cwd are the given ones', async () => {
  const killed = lightSpawn('sleep', ['30'], { stdio: 'ignore' });
  process.kill(killed.pid, 'SIGTERM');
  assert.deepEqual(await once(killed, 'exit'), [null, 'SIGTERM']);
  const child = lightSpawn('sh', ['-c', 'echo "$X $(pwd)"; read line || echo eof'], { stdio: ['ignore', 'pipe', 'pipe'], env: { X: 'given', PATH: process.env.PATH }, cwd: tmpdir() });
  const out = collect(child, 1);
  await once(child, 'close');
  assert.equal(out(), `given ${tmpdir()}\neof\n`);
});

test('lightSpawn: an extra fd is a connected pair; a missing program is an error event', async () => {
  const child = lightSpawn('sh', ['-c', 'read x <&3; echo "got $x" >&4'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const got = collect(child, 4);
  child.stdio[3]!.write('ping\n');
  await once(child, 'close');
  assert.equal(got(), 'got ping\n');
  const missing = lightSpawn('/nonexistent/prog', [], { stdio: 'pipe' });
  const [err] = (await once(missing, 'error')) as [NodeJS.ErrnoException];
  assert.equal(err.code, 'ENOENT');
});
