// Registries that want credentials: htpasswd Basic over TLS (a CA the test makes, given to berthd through its
// certs directory) and a token-auth flow (a token server run by the test). docker login/logout through POST /auth,
// X-Registry-Auth on push and pull, an OAuth refresh token kept as docker's identitytoken, and a 401 that tells the
// user to log in.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, copyFile, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { TestRegistry } from '../../helpers/registry.js';

const ok = (r: { code: number; stdout: string; stderr: string }) => {
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

describe('htpasswd Basic auth over TLS', () => {
  let d: TestDaemon;
  let reg: TestRegistry;
  let certs: string;
  before(async () => {
    reg = await TestRegistry.start({ tls: true, basic: { user: 'alice', password: 'secret' } });
    certs = await mkdtemp(join(tmpdir(), 'berth-certs-'));
    await mkdir(join(certs, reg.host));
    await copyFile(reg.caPath!, join(certs, reg.host, 'ca.crt'));
    d = await TestDaemon.start({ extraArgs: ['--registry-certs-dir', certs] });
  });
  after(async () => {
    await d?.stop();
    await reg?.stop();
    if (certs) await rm(certs, { recursive: true, force: true });
  });

  test('without login: unauthorized, and the message says to log in', async () => {
    ok(await d.docker(['tag', 'busybox', `${reg.host}/team/app:1`]));
    const push = await d.docker(['push', `${reg.host}/team/app:1`]);
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /unauthorized/);
    assert.match(push.stderr, /docker login/);
    const pull = await d.docker(['pull', `${reg.host}/team/app:1`]);
    assert.notEqual(pull.code, 0);
    assert.match(pull.stderr, /docker login/);
  });

  test('a wrong password is refused by docker login; the right one is stored in config.json', async () => {
    const bad = await d.docker(['login', reg.host, '-u', 'alice', '--password-stdin'], { input: 'wrong\n' });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /401 Unauthorized/);
    const good = ok(await d.docker(['login', reg.host, '-u', 'alice', '--password-stdin'], { input: 'secret\n' }));
    assert.match(good, /Login Succeeded/);
    const cfg = JSON.parse(await readFile(join(d.dockerConfig, 'config.json'), 'utf8')) as { auths: Record<string, { auth: string }> };
    assert.equal(Buffer.from(cfg.auths[reg.host]!.auth, 'base64').toString(), 'alice:secret');
  });

  test('logged in: push over TLS (verified with the CA from the certs directory), rmi, pull, run', async () => {
    assert.match(ok(await d.docker(['push', `${reg.host}/team/app:1`])), /: Pushed/);
    ok(await d.docker(['rmi', `${reg.host}/team/app:1`]));
    assert.match(ok(await d.docker(['pull', `${reg.host}/team/app:1`])), /Status: Downloaded newer image/);
    assert.equal(ok(await d.docker(['run', '--rm', `${reg.host}/team/app:1`, 'echo', 'tls ok'])).trim(), 'tls ok');
  });

  test('berth login / logout write and remove the same config.json entry; berth push/pull send the credentials', async () => {
    ok(await d.docker(['logout', reg.host]));
    const out = ok(await d.berth(['login', reg.host, '-u', 'alice', '-p', 'secret']));
    assert.match(out, /Login Succeeded/);
    const cfg = JSON.parse(await readFile(join(d.dockerConfig, 'config.json'), 'utf8')) as { auths: Record<string, { auth: string }> };
    assert.equal(Buffer.from(cfg.auths[reg.host]!.auth, 'base64').toString(), 'alice:secret');
    ok(await d.docker(['tag', 'busybox', `${reg.host}/team/berth:1`]));
    assert.match(ok(await d.berth(['push', `${reg.host}/team/berth:1`])), /Pushed|Layer already exists|Mounted from/);
    ok(await d.berth(['rmi', `${reg.host}/team/berth:1`]));
    assert.match(ok(await d.berth(['pull', '-q', `${reg.host}/team/berth:1`])), new RegExp(`^${reg.host}/team/berth:1\\n$`));
    assert.match(ok(await d.berth(['logout', reg.host])), new RegExp(`Removing login credentials for ${reg.host}`));
    const after = JSON.parse(await readFile(join(d.dockerConfig, 'config.json'), 'utf8')) as { auths: Record<string, unknown> };
    assert.equal(after.auths[reg.host], undefined);
    const denied = await d.berth(['pull', `${reg.host}/team/berth:1`]);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /docker login|unauthorized/);
  });

  test('a credential helper (credsStore) keeps the secret out of config.json; berth uses it for pull', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'berth-credhelper-'));
    try {
      const store = join(bin, 'store.json');
      // A tiny docker-credential-* helper: store/get/erase against one JSON file.
      await writeFile(
        join(bin, 'docker-credential-berthtest'),
        `#!/bin/sh\nset -e\ncase "$1" in\n  store) cat > ${store} ;;\n  get) read server || true; if [ -f ${store} ]; then cat ${store}; else echo "credentials not found in native keychain"; exit 1; fi ;;\n  erase) rm -f ${store} ;;\nesac\n`,
        { mode: 0o755 },
      );
      await writeFile(join(d.dockerConfig, 'config.json'), JSON.stringify({ auths: {}, credsStore: 'berthtest' }));
      const env = { PATH: `${bin}:${process.env.PATH}` };
      ok(await d.berth(['login', reg.host, '-u', 'alice', '--password-stdin'], { input: 'secret\n', env }));
      const cfg = JSON.parse(await readFile(join(d.dockerConfig, 'config.json'), 'utf8')) as { auths: Record<string, { auth?: string }> };
      assert.deepEqual(cfg.auths[reg.host], {});
      assert.match(await readFile(store, 'utf8'), /"Secret":"secret"/);
      assert.match(ok(await d.berth(['pull', `${reg.host}/team/app:1`], { env })), /Status: /);
      ok(await d.berth(['logout', reg.host], { env }));
      await assert.rejects(readFile(store));
    } finally {
      await writeFile(join(d.dockerConfig, 'config.json'), JSON.stringify({ auths: {} }));
      await rm(bin, { recursive: true, force: true });
    }
  });
});

describe('token auth (a token server run by the test)', () => {
  let d: TestDaemon;
  let reg: TestRegistry;
  before(async () => {
    reg = await TestRegistry.start({ token: { user: 'bob', password: 'hunter2' } });
    d = await TestDaemon.start();
  });
  after(async () => {
    await d?.stop();
    await reg?.stop();
  });

  test('anonymous: the token carries no access and the push is refused with a hint to log in', async () => {
    ok(await d.docker(['tag', 'busybox', `${reg.host}/tok/app:1`]));
    const r = await d.docker(['push', `${reg.host}/tok/app:1`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /docker login/);
  });

  test('login keeps an identity token, not the password; push and pull get repository-scoped tokens with it', async () => {
    assert.match(ok(await d.docker(['login', reg.host, '-u', 'bob', '--password-stdin'], { input: 'hunter2\n' })), /Login Succeeded/);
    // The token service gave berthd a refresh token at login: docker keeps that (identitytoken) instead of the password.
    const saved = (JSON.parse(await readFile(join(d.dockerConfig, 'config.json'), 'utf8')) as { auths: Record<string, { auth?: string; identitytoken?: string }> }).auths[reg.host]!;
    assert.ok(saved.identitytoken, JSON.stringify(saved));
    assert.doesNotMatch(Buffer.from(saved.auth ?? '', 'base64').toString(), /hunter2/);
    const bad = await d.docker(['login', reg.host, '-u', 'bob', '--password-stdin'], { input: 'nope\n' });
    assert.notEqual(bad.code, 0);
    assert.match(ok(await d.docker(['push', `${reg.host}/tok/app:1`])), /: Pushed/);
    assert.ok(reg.tokenRequests.some((t) => t.account === 'bob' && t.grant === 'refresh_token' && t.scopes.includes('repository:tok/app:pull,push')), JSON.stringify(reg.tokenRequests));
    ok(await d.docker(['rmi', `${reg.host}/tok/app:1`]));
    assert.match(ok(await d.docker(['pull', `${reg.host}/tok/app:1`])), /Status: Downloaded newer image/);
    assert.ok(reg.tokenRequests.some((t) => t.account === 'bob' && t.grant === 'refresh_token' && t.scopes.includes('repository:tok/app:pull')));
  });
});
