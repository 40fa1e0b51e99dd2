import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hybridWrapperScript, parseRuntimeVersion } from './runtime-binary.js';

test('the runtime is named by its --version output, crun or runc, with version and commit', () => {
  assert.deepEqual(parseRuntimeVersion('crun version 1.8.1\ncommit: f8a096be\nrundir: /run/crun\nspec: 1.0.0\n+SYSTEMD +SECCOMP\n', 'x'), { name: 'crun', version: '1.8.1', commit: 'f8a096be' });
  assert.deepEqual(parseRuntimeVersion('runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1\nspec: 1.0.2-dev\ngo: go1.19.6\nlibseccomp: 2.5.4\n', 'x'), { name: 'runc', version: '1.1.5+ds1', commit: '1.1.5+ds1-1' });
  assert.deepEqual(parseRuntimeVersion('', 'youki'), { name: 'youki', version: 'unknown', commit: '' });
});

test('the hybrid-cgroup wrapper binds the empty file over cgroup2\'s controller list in its own mount namespace, then execs the runtime with the call\'s arguments', () => {
  const s = hybridWrapperScript("/run/be'rth/empty", '/proc/42/fd/7');
  const lines = s.trim().split('\n');
  assert.equal(lines[0], '#!/bin/sh');
  assert.ok(lines.includes('PATH=/usr/sbin:/usr/bin:/sbin:/bin'));
  const last = lines.at(-1)!;
  assert.match(last, /^exec unshare -m --propagation private \/bin\/sh -c 'mount --bind "\$0" \/sys\/fs\/cgroup\/unified\/cgroup\.controllers && exec "\$@"' /);
  assert.ok(last.endsWith(` '/run/be'\\''rth/empty' '/proc/42/fd/7' "$@"`), last);
});
