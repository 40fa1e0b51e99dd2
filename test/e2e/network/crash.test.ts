// A berthd killed mid-setup leaves state (a namespace, a lease, a network's bridge, a container's veth); the next
// start cleans it up, and containers that kept running keep their network and published ports.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { exec } from '../../helpers/exec.js';

let d: TestDaemon | undefined;
after(async () => {
  await d?.stop();
});

test('leftovers of a killed daemon go at the next start; running containers keep their network', async () => {
  d = await TestDaemon.start();
  const ok = async (args: string[]) => {
    const r = await d!.docker(args);
    assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await ok(['network', 'create', 'keep']);
  await ok(['run', '-d', '--name', 'alive', '--network', 'keep', '-p', '127.0.0.1::80', 'busybox', 'sh', '-c', 'echo up > /tmp/i; httpd -f -p 80 -h /tmp']);
  const port = /-> 127\.0\.0\.1:(\d+)/.exec(await ok(['port', 'alive']))![1]!;
  await ok(['run', '-d', '--name', 'dying', 'busybox', 'sleep', '60']);
  const dyingPid = Number((await ok(['inspect', '-f', '{{.State.Pid}}', 'dying'])).trim());
  assert.ok(dyingPid > 0);
  await d.stopDaemon('SIGKILL');
  // What a crash mid-setup leaves: a namespace with a veth on our bridge, a lease for a container that never ran,
  // and the bridge of a network whose record was never written.
  const strayNs = `${d.bridge}-deadbeefdeadbeef`;
  assert.equal((await exec('ip', ['netns', 'add', strayNs])).code, 0);
  assert.equal((await exec('ip', ['link', 'add', 'vbstraytest1', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', strayNs])).code, 0);
  assert.equal((await exec('ip', ['link', 'set', 'vbstraytest1', 'master', d.bridge])).code, 0);
  const strayBridge = `${d.bridge}-ffff`;
  assert.equal((await exec('ip', ['link', 'add', strayBridge, 'type', 'bridge'])).code, 0);
  const netDir = join(d.dataRoot, 'networks');
  for (const f of (await readdir(netDir)).filter((x) => x.endsWith('.json'))) {
    const rec = JSON.parse(await readFile(join(netDir, f), 'utf8'));
    if (rec.isDefault) {
      rec.endpoints['f'.repeat(64)] = { containerId: 'f'.repeat(64), containerName: 'ghost', endpointId: 'x', ip: rec.gateway.replace(/\d+$/, '200'), mac: '', aliases: [], ifname: 'eth0', hostIf: 'vbghost' };
      await writeFile(join(netDir, f), JSON.stringify(rec));
    }
  }
  // and the sleeping container is killed behind the daemon's back (its netns must go at restart)
  process.kill(dyingPid, 'SIGKILL'); // its PID 1, whichever runtime started it
  await new Promise((r) => setTimeout(r, 300));
  await d.startDaemon();

  const netns = (await readdir('/run/netns')).filter((n) => n.startsWith(`${d!.bridge}-`));
  const aliveId = (await ok(['inspect', '-f', '{{.Id}}', 'alive'])).trim();
  assert.deepEqual(netns, [`${d.bridge}-${aliveId.slice(0, 16)}`]);
  const links = (await exec('ip', ['-o', 'link', 'show'])).stdout;
  assert.doesNotMatch(links, /vbstraytest1/);
  assert.doesNotMatch(links, new RegExp(`${strayBridge}:`));
  for (const f of (await readdir(netDir)).filter((x) => x.endsWith('.json'))) {
    const rec = JSON.parse(await readFile(join(netDir, f), 'utf8'));
    assert.ok(!rec.endpoints['f'.repeat(64)], 'the ghost lease is released');
    if (rec.isDefault) assert.deepEqual(rec.endpoints, {}, 'the killed container\'s lease is released');
  }
  // the survivor still answers on its published port, and resolves by name on its network
  const r = await exec('curl', ['-s', '-m', '3', `http://127.0.0.1:${port}/i`]);
  assert.equal(r.stdout, 'up\n');
  const dns = await ok(['run', '--rm', '--network', 'keep', 'busybox', 'nslookup', 'alive']);
  assert.match(dns, /Address: 10\./);
});
