import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyValues, numberFile, systemCpuNs, blkioV1, ioStatV2, netDev } from './stats-parse.js';

test('stats file parsers', () => {
  assert.deepEqual(keyValues('cache 10\nrss 20\ntotal_inactive_file 5\n'), { cache: 10, rss: 20, total_inactive_file: 5 });
  assert.equal(numberFile('max\n'), undefined);
  assert.equal(numberFile('4096\n'), 4096);
  assert.equal(systemCpuNs('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3\n'), 1000 * 1e7);
  assert.deepEqual(blkioV1('8:0 Read 4096\n8:0 Write 0\nTotal 4096\n'), [{ major: 8, minor: 0, op: 'read', value: 4096 }, { major: 8, minor: 0, op: 'write', value: 0 }]);
  assert.deepEqual(ioStatV2('8:0 rbytes=10 wbytes=20 rios=1 wios=2\n').map((e) => e.value), [10, 20]);
  const dev = 'Inter-|   Receive\n face |bytes\n    lo: 1 2 0 0 0 0 0 0 1 2 0 0 0 0 0 0\n  eth0: 100 3 0 0 0 0 0 0 200 4 0 0 0 0 0 0\n';
  assert.deepEqual(Object.keys(netDev(dev)), ['eth0']);
  assert.equal(netDev(dev).eth0!.tx_bytes, 200);
});
