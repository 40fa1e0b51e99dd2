import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference, formatReference, familiarName, familiarTagged } from './reference.js';
import { errorCode } from '../errors.js';

const D = 'sha256:' + 'a'.repeat(64);

test('normalises Docker references', () => {
  const cases: Array<[string, string]> = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['team/app', 'docker.io/team/app:latest'],
    ['docker.io/library/busybox:latest', 'docker.io/library/busybox:latest'],
    ['127.0.0.1:5000/team/app:1.2', '127.0.0.1:5000/team/app:1.2'],
    ['localhost/app', 'localhost/app:latest'],
    ['quay.io/a/b/c:v1', 'quay.io/a/b/c:v1'],
    [`busybox@${D}`, `docker.io/library/busybox@${D}`],
    [`busybox:1@${D}`, `docker.io/library/busybox:1@${D}`],
    ['my-app/x_y.z', 'docker.io/my-app/x_y.z:latest'],
  ];
  for (const [input, want] of cases) assert.equal(formatReference(parseReference(input)), want, input);
});

test('refuses invalid references with ERR_INVALID_REFERENCE', () => {
  for (const bad of ['', 'UPPER', 'a//b', 'a:', 'a:b:c', '-a', 'a@sha256:xyz', 'a b', ':tag', 'a/', 'a:' + 'x'.repeat(200)]) {
    assert.throws(() => parseReference(bad), (e) => errorCode(e) === 'ERR_INVALID_REFERENCE', bad);
  }
  assert.throws(() => parseReference('Busybox'), /repository name \(library\/Busybox\) must be lowercase/);
});

test('familiar names drop the default domain and library/', () => {
  assert.equal(familiarName('docker.io/library/busybox:latest'), 'busybox:latest');
  assert.equal(familiarName('docker.io/team/app:1'), 'team/app:1');
  assert.equal(familiarName('127.0.0.1:5000/team/app:1'), '127.0.0.1:5000/team/app:1');
});

test('references that were not found are named as docker names them', () => {
  assert.equal(familiarTagged('nope'), 'nope:latest');
  assert.equal(familiarTagged('docker.io/library/nope:1'), 'nope:1');
  assert.equal(familiarTagged('abc123'), 'abc123:latest');
  assert.equal(familiarTagged(`x@${D}`), `x@${D}`);
  assert.equal(familiarTagged(D), D);
  assert.equal(familiarTagged('127.0.0.1:5000/a'), '127.0.0.1:5000/a:latest');
});
