import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ociSeccomp, parseSeccompProfile } from './seccomp.js';
import { dockerDefaultProfile } from './docker-seccomp.js';
import { DEFAULT_CAPABILITIES, ALL_CAPABILITIES } from './capabilities.js';
import { parseSecurityOpts } from './security-opts.js';

const allowed = (spec: Record<string, unknown>, name: string) =>
  (spec.syscalls as Array<{ names: string[]; action: string; args?: unknown[] }>).filter((s) => s.names.includes(name));

test('Docker\'s default profile: keyring refused, namespaces and mount only with CAP_SYS_ADMIN, EPERM by default', async () => {
  const base = parseSeccompProfile(await readFile('/usr/share/containers/seccomp.json', 'utf8'));
  const docker = dockerDefaultProfile(base);
  const dflt = ociSeccomp(docker, DEFAULT_CAPABILITIES, 'x64');
  assert.equal(dflt.defaultAction, 'SCMP_ACT_ERRNO');
  assert.equal(dflt.defaultErrnoRet, 1);
  assert.deepEqual(dflt.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  for (const n of ['keyctl', 'add_key', 'unshare', 'mount', 'setns']) assert.deepEqual(allowed(dflt, n).filter((s) => s.action === 'SCMP_ACT_ALLOW'), [], n);
  assert.equal(allowed(dflt, 'init_module')[0]!.action, 'SCMP_ACT_ERRNO');
  const clone = allowed(dflt, 'clone');
  assert.equal(clone.length, 1);
  assert.ok(clone[0]!.args?.length, 'clone only without namespace flags');
  assert.ok(allowed(dflt, 'read').some((s) => s.action === 'SCMP_ACT_ALLOW'));
  const admin = ociSeccomp(docker, [...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'], 'x64');
  for (const n of ['unshare', 'mount', 'clone', 'setns']) assert.ok(allowed(admin, n).some((s) => s.action === 'SCMP_ACT_ALLOW' && !s.args), n);
  assert.deepEqual(allowed(ociSeccomp(docker, ALL_CAPABILITIES, 'x64'), 'keyctl'), []);
});

test('security options parse with Docker\'s errors', () => {
  assert.deepEqual(parseSecurityOpts([]), { seccomp: 'default', noNewPrivileges: false });
  assert.deepEqual(parseSecurityOpts(['no-new-privileges', 'seccomp=unconfined']), { seccomp: 'unconfined', noNewPrivileges: true });
  assert.deepEqual(parseSecurityOpts(['no-new-privileges:false', 'seccomp={"defaultAction":"SCMP_ACT_ALLOW"}']).seccomp, { profile: '{"defaultAction":"SCMP_ACT_ALLOW"}' });
  assert.throws(() => parseSecurityOpts(['foo=bar']), /invalid --security-opt 1: "foo=bar"/);
  assert.throws(() => parseSeccompProfile('{'), /Decoding seccomp profile failed/);
});
