import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResponse, quickRequest, QuickConnectError } from './quick-http.js';

const b = (s: string) => Buffer.from(s, 'latin1');

test('parseResponse: content-length, chunked, read-to-EOF, HEAD and 204 bodies', () => {
  const cases: Array<[string, boolean, number, string, Record<string, string>]> = [
    ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nApi-Version: 1.51\r\n\r\n{}', false, 200, '{}', { 'api-version': '1.51' }],
    ['HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"mes\r\na;x=y\r\nsage":"x"}\r\n0\r\n\r\n', false, 404, '{"message":"x"}', {}],
    ['HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil eof', false, 200, 'until eof', {}],
    ['HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n', true, 200, '', {}],
    ['HTTP/1.1 204 No Content\r\n\r\n', false, 204, '', {}],
    ['HTTP/1.0 500 Internal Server Error\r\nContent-Length: 3\r\n\r\nabcdef', false, 500, 'abc', {}],
  ];
  for (const [raw, head, status, body, headers] of cases) {
    const r = parseResponse(b(raw), head);
    assert.equal(r.statusCode, status, raw);
    assert.equal(r.body.toString(), body, raw);
    for (const [k, v] of Object.entries(headers)) assert.equal(r.headers[k], v, raw);
  }
  assert.throws(() => parseResponse(b('HTTP/1.1 200 OK\r\nContent-')), /unexpected EOF/);
  assert.throws(() => parseResponse(b('SSH-2.0\r\n\r\n')), /malformed HTTP response/);
});

test('quickRequest: one exchange over a unix socket; a missing socket is a connect error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quick-http-'));
  const path = join(dir, 's.sock');
  let seen = '';
  const server = createServer((s) => {
    s.on('data', (c) => {
      seen += c.toString();
      if (seen.includes('\r\n\r\n{"a":1}')) s.end('HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n\r\n{"Id":"x"}');
    });
  });
  await new Promise<void>((r) => server.listen(path, r));
  try {
    const res = await quickRequest(path, 'POST', '/v1.51/containers/create', { 'Content-Type': 'application/json' }, '{"a":1}');
    assert.equal(res.statusCode, 201);
    assert.equal(res.body.toString(), '{"Id":"x"}');
    assert.match(seen, /^POST \/v1\.51\/containers\/create HTTP\/1\.1\r\n/);
    assert.match(seen, /\r\nConnection: close\r\n/);
    assert.match(seen, /\r\nContent-Length: 7\r\n/);
  } finally {
    server.close();
  }
  await assert.rejects(quickRequest(join(dir, 'none.sock'), 'HEAD', '/_ping', {}), (err: unknown) => err instanceof QuickConnectError && err.cause.code === 'ENOENT');
});
