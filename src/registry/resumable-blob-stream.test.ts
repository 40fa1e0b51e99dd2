import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { ResumableBlobStream } from './resumable-blob-stream.js';

const body = randomBytes(300_000);

async function serve(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const open = (offset: number) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: offset ? { Range: `bytes=${offset}-` } : {} }, resolve);
      req.on('error', reject);
      req.end();
    });
  return { open, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

async function readAll(s: ResumableBlobStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test('a connection cut twice is resumed with Range requests; the bytes come out whole and in order', async () => {
  let cuts = 0;
  const ranges: string[] = [];
  const srv = await serve((req, res) => {
    const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (req.headers.range) ranges.push(req.headers.range);
    res.writeHead(start ? 206 : 200, { 'Content-Length': body.length - start, ...(start ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}) });
    if (cuts < 2) {
      cuts++;
      res.write(body.subarray(start, start + 50_000), () => res.socket?.destroy());
    } else res.end(body.subarray(start));
  });
  try {
    const retries: number[] = [];
    const got = await readAll(new ResumableBlobStream({ open: srv.open, size: body.length, onRetry: (o) => retries.push(o), failure: async () => new Error('status') }));
    assert.ok(got.equals(body));
    assert.equal(ranges.length, 2);
    assert.deepEqual(retries.length, 2);
  } finally {
    await srv.close();
  }
});

test('a server that ignores Range: the bytes already passed on are skipped', async () => {
  let first = true;
  const srv = await serve((_req, res) => {
    res.writeHead(200, { 'Content-Length': body.length });
    if (first) {
      first = false;
      res.write(body.subarray(0, 100_000), () => res.socket?.destroy());
    } else res.end(body);
  });
  try {
    const got = await readAll(new ResumableBlobStream({ open: srv.open, size: body.length, failure: async () => new Error('status') }));
    assert.ok(got.equals(body));
  } finally {
    await srv.close();
  }
});

test('an error status is not retried', async () => {
  let calls = 0;
  const srv = await serve((_req, res) => {
    calls++;
    res.writeHead(404);
    res.end();
  });
  try {
    await assert.rejects(readAll(new ResumableBlobStream({ open: srv.open, size: 10, failure: async (r) => new Error(`status ${r.statusCode}`) })), /status 404/);
    assert.equal(calls, 1);
  } finally {
    await srv.close();
  }
});
