// The port proxy on loopback only: a TCP and a UDP echo server stand in for the container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { openPort } from './port-proxy.js';

test('TCP: a connection to the host port reaches the target and back; closing frees the port', async () => {
  const echo = createServer((s) => s.pipe(s)).listen(0, '127.0.0.1');
  await once(echo, 'listening');
  const target = (echo.address() as { port: number }).port;
  const p = await openPort({ protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0, containerIp: '127.0.0.1', containerPort: target });
  assert.ok(p.hostPort > 0);
  const c = connect(p.hostPort, '127.0.0.1');
  c.end('ping');
  const chunks: Buffer[] = [];
  for await (const b of c) chunks.push(b as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), 'ping');
  await p.close();
  await assert.rejects(new Promise((res, rej) => connect(p.hostPort, '127.0.0.1').on('connect', res).on('error', rej)));
  echo.close();
});

test('UDP: datagrams go to the target and its replies come back to the sender', async () => {
  const echo = createSocket('udp4');
  echo.on('message', (m, r) => echo.send(Buffer.concat([Buffer.from('re:'), m]), r.port, r.address));
  echo.bind(0, '127.0.0.1');
  await once(echo, 'listening');
  const p = await openPort({ protocol: 'udp', hostIp: '127.0.0.1', hostPort: 0, containerIp: '127.0.0.1', containerPort: echo.address().port });
  const client = createSocket('udp4');
  client.send('hi', p.hostPort, '127.0.0.1');
  const [reply] = (await once(client, 'message')) as [Buffer];
  assert.equal(reply.toString(), 're:hi');
  client.close();
  await p.close();
  echo.close();
});

test('a port already bound is refused', async () => {
  const p = await openPort({ protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0, containerIp: '127.0.0.1', containerPort: 9 });
  await assert.rejects(openPort({ protocol: 'tcp', hostIp: '127.0.0.1', hostPort: p.hostPort, containerIp: '127.0.0.1', containerPort: 9 }), /EADDRINUSE/);
  await p.close();
});

test('close() cuts connections still open instead of waiting for them', async () => {
  const sink = createServer(() => {}).listen(0, '127.0.0.1');
  await once(sink, 'listening');
  const p = await openPort({ protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0, containerIp: '127.0.0.1', containerPort: (sink.address() as { port: number }).port });
  const c = connect(p.hostPort, '127.0.0.1');
  await once(c, 'connect');
  await new Promise((r) => setTimeout(r, 50));
  await p.close();
  c.destroy();
  sink.close();
});
