// berthd on each runtime it supports, chosen with --runtime: crun (the default where installed) and runc. On this
// host's hybrid cgroups crun refuses `create` unless cgroup2's controller list is hidden from it; berthd hides it
// in a private mount namespace of each create (runtime/runtime-binary.ts), so the host's own view must stay as it
// was. Limits reach the v1 controllers either way.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';

const CONTROLLERS = '/sys/fs/cgroup/unified/cgroup.controllers';

for (const [name, path] of [['crun', '/usr/bin/crun'], ['runc', '/usr/sbin/runc']] as const) {
  describe(`berthd --runtime ${path}`, () => {
    let d: TestDaemon;
    let controllersBefore: string;

    before(async () => {
      controllersBefore = await readFile(CONTROLLERS, 'utf8').catch(() => '');
      d = await TestDaemon.start({ extraArgs: ['--runtime', path] });
    });
    after(async () => {
      await d?.stop();
    });

    test(`docker info names ${name} the default, runc and crun both available; run --runtime picks the other; an unknown one is refused`, async () => {
      assert.equal(
        (await d.docker(['info', '-f', '{{.DefaultRuntime}} {{json .Runtimes}}'])).stdout.trim(),
        `${name} {"crun":{"path":"/usr/bin/crun"},"runc":{"path":"/usr/sbin/runc"}}`,
      );
      assert.match((await d.docker(['version', '-f', '{{range .Server.Components}}{{.Name}} {{end}}'])).stdout, new RegExp(`\\b${name}\\b`));
      const r = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'echo hello; exit 3']);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, 'hello\n');
      const other = name === 'crun' ? 'runc' : 'crun';
      assert.equal((await d.docker(['run', '-d', '--name', 'other', '--runtime', other, 'busybox', 'sleep', '1000'])).code, 0);
      assert.equal((await d.docker(['inspect', '-f', '{{.HostConfig.Runtime}}', 'other'])).stdout.trim(), other);
      assert.equal((await d.docker(['exec', 'other', 'true'])).code, 0);
      assert.equal((await d.docker(['rm', '-f', 'other'])).code, 0);
      const refused = await d.docker(['run', '--rm', '--runtime', 'nope', 'busybox', 'true']);
      assert.equal(refused.code, 125);
      assert.match(refused.stderr, /unknown or invalid runtime name: nope/);
      // the host's cgroup2 controller list is still there: the trick stayed in crun's own mount namespace
      assert.equal(await readFile(CONTROLLERS, 'utf8').catch(() => ''), controllersBefore);
      assert.ok(!(await readFile('/proc/self/mountinfo', 'utf8')).includes('cgroup.controllers'), 'nothing is mounted over it on the host');
    });

    test('a missing or non-executable command gives the docker CLI 127 / 126, at run and at exec', async () => {
      let r = await d.docker(['run', '--rm', 'busybox', 'nope']);
      assert.equal(r.code, 127, r.stderr);
      assert.match(r.stderr, /exec: "nope": executable file not found in \$PATH/);
      r = await d.docker(['run', '--rm', 'busybox', '/etc/passwd']);
      assert.equal(r.code, 126, r.stderr);
      assert.equal((await d.docker(['run', '-d', '--name', 'quiet', 'busybox', 'sleep', '1000'])).code, 0);
      assert.equal((await d.docker(['exec', 'quiet', 'nope'])).code, 127);
      assert.equal((await d.docker(['exec', 'quiet', 'false'])).code, 1);
      assert.equal((await d.docker(['rm', '-f', 'quiet'])).code, 0);
    });

    test('the default seccomp profile and capabilities apply to the container and to execs', async () => {
      assert.equal((await d.docker(['run', '-d', '--name', 'sec', 'busybox', 'sleep', '1000'])).code, 0);
      for (const cmd of [['run', '--rm', 'busybox'], ['exec', 'sec']]) {
        const r = await d.docker([...cmd, 'sh', '-c', 'grep -E "^(Seccomp|CapEff):" /proc/self/status; unshare -m true; echo unshare=$?']);
        assert.match(r.stdout, /Seccomp:\s+2/, r.stdout);
        assert.match(r.stdout, /CapEff:\s+00000000a80425fb/, r.stdout);
        assert.match(r.stdout, /unshare=1/, r.stdout);
      }
      assert.equal((await d.docker(['rm', '-f', 'sec'])).code, 0);
    });

    test('limits are enforced on the v1 controllers and updated live; pause, top and stats work', async () => {
      assert.equal((await d.docker(['run', '-d', '--name', 'lim', '--memory', '64m', '--pids-limit', '20', 'busybox', 'sleep', '1000'])).code, 0);
      const id = (await d.docker(['inspect', '-f', '{{.Id}}', 'lim'])).stdout.trim();
      const cg = (ctrl: string, file: string) => readFile(join('/sys/fs/cgroup', ctrl, d.cgroupParent, id, file), 'utf8').then((t) => t.trim());
      assert.equal(await cg('memory', 'memory.limit_in_bytes'), String(64 * 1024 * 1024));
      assert.equal(await cg('pids', 'pids.max'), '20');
      // 40 background sleeps asked for, at most 20 tasks allowed in the container: the shell cannot fork them all
      const bomb = await d.docker(['exec', 'lim', 'sh', '-c', 'for i in $(seq 40); do sleep 5 & done; true']);
      assert.match(bomb.stderr, /can't fork|Resource temporarily unavailable/, bomb.stderr);
      const tasks = Number(await cg('pids', 'pids.current'));
      assert.ok(tasks >= 5 && tasks <= 20, `tasks under pids.max 20: ${tasks}`);
      assert.equal((await d.docker(['update', '--memory', '128m', '--memory-swap', '256m', 'lim'])).code, 0);
      assert.equal(await cg('memory', 'memory.limit_in_bytes'), String(128 * 1024 * 1024));
      const oom = await d.docker(['run', '--name', 'hog', '--memory', '16m', '--memory-swap', '16m', 'busybox', 'sh', '-c', 'a=x; while true; do a=$a$a; done']);
      assert.equal(oom.code, 137);
      assert.equal((await d.docker(['inspect', '-f', '{{.State.OOMKilled}}', 'hog'])).stdout.trim(), 'true');
      assert.equal((await d.docker(['pause', 'lim'])).code, 0);
      assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}}', 'lim'])).stdout.trim(), 'paused');
      assert.equal((await d.docker(['unpause', 'lim'])).code, 0);
      assert.match((await d.docker(['top', 'lim'])).stdout, /sleep 1000/);
      assert.match((await d.docker(['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}}', 'lim'])).stdout, /^lim .* \/ 128MiB\n$/);
      assert.equal((await d.docker(['rm', '-f', 'lim', 'hog'])).code, 0);
    });

    test('after a daemon restart a container is re-adopted: exec and stop work; nothing is left after rm', async () => {
      assert.equal((await d.docker(['run', '-d', '--name', 'kept', '-p', '127.0.0.1::80', 'busybox', 'sleep', '1000'])).code, 0);
      const id = (await d.docker(['inspect', '-f', '{{.Id}}', 'kept'])).stdout.trim();
      await d.stopDaemon();
      await d.startDaemon();
      assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}}', 'kept'])).stdout.trim(), 'running');
      assert.equal((await d.docker(['exec', 'kept', 'hostname'])).code, 0);
      assert.equal((await d.docker(['stop', '-t', '1', 'kept'])).code, 0);
      assert.equal((await d.docker(['rm', 'kept'])).code, 0);
      assert.ok(!(await readdir(join(d.execRoot, 'runc')).catch(() => [] as string[])).includes(id), 'the runtime kept no state');
    });
  });
}

test('a container keeps the runtime it was created with: made under runc, it is re-adopted, exec\'d and stopped by runc after the default became crun', async () => {
  const d = await TestDaemon.start({ extraArgs: ['--runtime', '/usr/sbin/runc'] });
  try {
    assert.equal((await d.docker(['run', '-d', '--name', 'old', 'busybox', 'sleep', '1000'])).code, 0);
    assert.equal((await d.docker(['run', '-d', '--name', 'oldrm', '--rm', 'busybox', 'sleep', '1000'])).code, 0);
    await d.stopDaemon();
    d.extraArgs.splice(0); // the next start runs the default runtime (crun)
    await d.startDaemon();
    assert.equal((await d.docker(['info', '-f', '{{.DefaultRuntime}}'])).stdout.trim(), 'crun');
    for (const name of ['old', 'oldrm']) {
      assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.HostConfig.Runtime}}', name])).stdout.trim(), 'running runc', name);
    }
    assert.equal((await d.docker(['exec', 'old', 'true'])).code, 0);
    assert.equal((await d.docker(['stop', '-t', '1', 'old', 'oldrm'])).code, 0);
    assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}}', 'old'])).stdout.trim(), 'exited');
    assert.equal((await d.docker(['start', 'old'])).code, 0, 'and it starts again under runc');
    assert.equal((await d.docker(['inspect', '-f', '{{.State.Status}} {{.HostConfig.Runtime}}', 'old'])).stdout.trim(), 'running runc');
    assert.equal((await d.docker(['rm', '-f', 'old'])).code, 0);
  } finally {
    await d.stop();
  }
});
