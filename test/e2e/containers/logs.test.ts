// docker logs through the real docker CLI: streams, partial lines, --tail, -t, --since/--until, -f.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { TestDaemon } from '../../helpers/test-daemon.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start();
  const r = await d.docker(['run', '--name', 'lg', 'busybox', 'sh', '-c', 'echo a; echo b >&2; printf partial; sleep 1.5; echo c']);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await d?.stop();
});

test('stdout and stderr go to their own streams; a partial line joins the next', async () => {
  const r = await d.docker(['logs', 'lg']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'a\npartialc\n');
  assert.equal(r.stderr, 'b\n');
});

test('--tail counts lines from the end; 0 prints nothing', async () => {
  assert.equal((await d.docker(['logs', '--tail', '1', 'lg'])).stdout, 'c\n');
  assert.equal((await d.docker(['logs', '--tail', '0', 'lg'])).stdout, '');
  assert.equal((await d.docker(['logs', '--tail', 'all', 'lg'])).stdout, 'a\npartialc\n');
});

test('-t prefixes RFC 3339 timestamps with nanoseconds', async () => {
  const r = await d.docker(['logs', '-t', 'lg']);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z a$/);
});

test('--since and --until select by time', async () => {
  const inspect = await d.docker(['inspect', '-f', '{{.State.StartedAt}}', 'lg']);
  const started = Date.parse(inspect.stdout.trim()) / 1000;
  const until = await d.docker(['logs', '--until', String(started + 0.8), 'lg']);
  assert.equal(until.stdout, 'a\npartial');
  const since = await d.docker(['logs', '--since', String(started + 0.8), 'lg']);
  assert.equal(since.stdout, 'c\n');
  const future = await d.docker(['logs', '--since', String(Math.ceil(started) + 100), 'lg']);
  assert.equal(future.stdout, '');
});

test('-f follows a running container and ends when it exits', async () => {
  await d.docker(['run', '-d', '--name', 'ticker', 'busybox', 'sh', '-c', 'for i in 1 2 3 4 5; do echo t$i; sleep 0.3; done']);
  const t0 = Date.now();
  const r = await d.docker(['logs', '-f', '--tail', '2', 'ticker']);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.at(-1), 't5');
  assert.ok(lines.length >= 2 && lines.length <= 5, r.stdout);
  assert.ok(Date.now() - t0 < 5000);
});

test('-f of a stopped container prints and returns at once', async () => {
  const r = await d.docker(['logs', '-f', 'lg']);
  assert.equal(r.stdout, 'a\npartialc\n');
});

test('a follower sees lines as they are written', async () => {
  await d.docker(['run', '-d', '--name', 'slow', 'busybox', 'sh', '-c', 'echo first; sleep 1; echo second; sleep 30']);
  const child = spawn('docker', ['logs', '-f', 'slow'], { env: d.env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout, got ${JSON.stringify(out)}`)), 8000);
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('second\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    assert.equal(out, 'first\nsecond\n');
  } finally {
    child.kill();
    await d.docker(['rm', '-f', 'slow']);
  }
});

test('logs of an unknown container: Docker error and exit 1', async () => {
  const r = await d.docker(['logs', 'nosuch']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'Error response from daemon: No such container: nosuch');
});

/** The frames of a non-follow logs request made with this User-Agent: [stream, payload] each. */
async function frames(userAgent: string, container: string): Promise<Array<[number, string]>> {
  const { request } = await import('node:http');
  const body = await new Promise<Buffer>((resolve, reject) => {
    const req = request({ socketPath: d.socket, path: `/containers/${container}/logs?stdout=1&stderr=1`, headers: { 'User-Agent': userAgent } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    });
    req.on('error', reject);
    req.end();
  });
  const out: Array<[number, string]> = [];
  for (let i = 0; i + 8 <= body.length; ) {
    const size = body.readUInt32BE(i + 4);
    out.push([body[i]!, body.toString('utf8', i + 8, i + 8 + size)]);
    i += 8 + size;
  }
  return out;
}

test('one frame per line for API clients (docker-py yields a frame per item); the docker CLI may get them joined', async () => {
  assert.equal((await d.docker(['run', '--name', 'lines', 'busybox', 'sh', '-c', 'echo 1; echo 2; echo 3'])).code, 0);
  assert.deepEqual(await frames('docker-sdk-python/7.1.0', 'lines'), [[1, '1\n'], [1, '2\n'], [1, '3\n']]);
  const cli = await frames('Docker-Client/28.0.0 (linux)', 'lines');
  assert.equal(cli.map(([, t]) => t).join(''), '1\n2\n3\n');
  assert.ok(cli.length < 3, 'the CLI gets the lines in fewer frames');
  await d.docker(['rm', 'lines']);
});
