// /_ping, /version, /info and API version negotiation, through the real docker CLI and on the wire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { apiRequest } from '../../helpers/http.js';

let d: TestDaemon;
before(async () => {
  d = await TestDaemon.start({ busybox: false });
});
after(async () => {
  await d?.stop();
});

test('GET and HEAD /_ping answer OK with the negotiation headers', async () => {
  for (const method of ['GET', 'HEAD']) {
    const r = await apiRequest(d.socket, method, '/_ping');
    assert.equal(r.status, 200);
    assert.equal(r.headers['api-version'], '1.51');
    assert.equal(r.headers['ostype'], 'linux');
    assert.equal(r.headers['builder-version'], '1');
    assert.equal(r.headers['docker-experimental'], 'false');
    assert.equal(r.body, method === 'GET' ? 'OK' : '');
  }
});

test('docker version shows the Berth engine and API 1.51 (min 1.24)', async () => {
  const r = await d.docker(['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.MinAPIVersion}} {{.Server.Os}}']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '0.1.0 1.51 1.24 linux');
});

test('docker info reports the engine, storage driver and counts', async () => {
  const r = await d.docker(['info', '--format', '{{.Driver}} {{.Containers}} {{.CgroupDriver}} {{.DockerRootDir}}']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `overlay2 0 cgroupfs ${d.dataRoot}`);
});

test('versioned paths are accepted in range and refused outside it with Docker wording', async () => {
  assert.equal((await apiRequest(d.socket, 'GET', '/v1.24/version')).status, 200);
  assert.equal((await apiRequest(d.socket, 'GET', '/v1.51/_ping')).status, 200);
  const tooNew = await apiRequest(d.socket, 'GET', '/v1.99/version');
  assert.equal(tooNew.status, 400);
  assert.deepEqual(JSON.parse(tooNew.body), { message: 'client version 1.99 is too new. Maximum supported API version is 1.51' });
  const tooOld = await apiRequest(d.socket, 'GET', '/v1.12/version');
  assert.equal(tooOld.status, 400);
  assert.match(JSON.parse(tooOld.body).message, /client version 1.12 is too old. Minimum supported API version is 1.24/);
});

test('unknown paths are 404 with a JSON message', async () => {
  const r = await apiRequest(d.socket, 'GET', '/v1.51/nothing/here');
  assert.equal(r.status, 404);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(r.body), { message: 'page not found' });
});

test('a docker CLI that pins an old API version still works', async () => {
  const r = await d.docker(['version', '--format', '{{.Client.APIVersion}}'], { env: { DOCKER_API_VERSION: '1.41' } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '1.41');
});

test('the socket is root-only: mode 0660', async () => {
  const { stat } = await import('node:fs/promises');
  const st = await stat(d.socket);
  assert.equal(st.mode & 0o777, 0o660);
  assert.equal(st.uid, 0);
});
