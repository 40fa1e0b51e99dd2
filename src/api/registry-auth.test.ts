import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registryAuthHeader, registryDomain } from './registry-auth.js';

const enc = (o: unknown, url = true) => Buffer.from(JSON.stringify(o)).toString(url ? 'base64url' : 'base64');

test('X-Registry-Auth: base64url or base64 JSON; `auth` is user:password; junk is no credentials', () => {
  assert.deepEqual(registryAuthHeader(enc({ username: 'a', password: 'p+/?', serveraddress: 'h' })), { username: 'a', password: 'p+/?' });
  assert.deepEqual(registryAuthHeader(enc({ auth: Buffer.from('u:p:q').toString('base64') }, false)), { username: 'u', password: 'p:q' });
  assert.deepEqual(registryAuthHeader(enc({ identitytoken: 'tok' })), { identityToken: 'tok' });
  assert.equal(registryAuthHeader(enc({})), undefined);
  assert.equal(registryAuthHeader('%%%not base64 json'), undefined);
  assert.equal(registryAuthHeader(undefined), undefined);
});

test('server addresses map to registry domains', () => {
  assert.equal(registryDomain('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(registryDomain(undefined), 'docker.io');
  assert.equal(registryDomain('127.0.0.1:5000'), '127.0.0.1:5000');
  assert.equal(registryDomain('https://r.example:8443/v2/'), 'r.example:8443');
});
