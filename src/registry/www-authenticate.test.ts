import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWwwAuthenticate } from './www-authenticate.js';

test('bearer challenge with realm, service and scope', () => {
  assert.deepEqual(parseWwwAuthenticate('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:library/busybox:pull"'), [
    { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:library/busybox:pull' } },
  ]);
});

test('basic challenge; case of scheme and names is folded', () => {
  assert.deepEqual(parseWwwAuthenticate('BASIC Realm="bb-registry"'), [{ scheme: 'basic', params: { realm: 'bb-registry' } }]);
});

test('several challenges in one header and over several headers; commas and escapes inside quotes', () => {
  assert.deepEqual(parseWwwAuthenticate(['Basic realm="a,b", Bearer realm="r",scope="repository:x:pull,push"', 'Bearer realm="q\\"x"']), [
    { scheme: 'basic', params: { realm: 'a,b' } },
    { scheme: 'bearer', params: { realm: 'r', scope: 'repository:x:pull,push' } },
    { scheme: 'bearer', params: { realm: 'q"x' } },
  ]);
});

test('unquoted values, spaces around =, missing header', () => {
  assert.deepEqual(parseWwwAuthenticate('Bearer realm = http://h/t , service=s'), [{ scheme: 'bearer', params: { realm: 'http://h/t', service: 's' } }]);
  assert.deepEqual(parseWwwAuthenticate(undefined), []);
  assert.deepEqual(parseWwwAuthenticate(''), []);
});
