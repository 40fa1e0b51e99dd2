import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePsOutput } from './ps-output.js';

test('parsePsOutput keeps the container\'s pids and the command with its spaces', () => {
  const out = [
    'UID          PID    PPID  C STIME TTY          TIME CMD',
    'root           1       0  0 10:00 ?        00:00:01 /sbin/init',
    'root        4101    4090  0 10:01 ?        00:00:00 sleep 1000',
    'root        4200    4101  0 10:01 ?        00:00:00 sh -c echo a  b',
    '',
  ].join('\n');
  const r = parsePsOutput(out, [4101, 4200]);
  assert.deepEqual(r.Titles, ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
  assert.deepEqual(r.Processes, [
    ['root', '4101', '4090', '0', '10:01', '?', '00:00:00', 'sleep 1000'],
    ['root', '4200', '4101', '0', '10:01', '?', '00:00:00', 'sh -c echo a  b'],
  ]);
  const aux = parsePsOutput('USER PID %CPU COMMAND\nroot 7 0.0 top\n', [7]);
  assert.deepEqual(aux.Processes, [['root', '7', '0.0', 'top']]);
  assert.throws(() => parsePsOutput('USER COMMAND\nroot x\n', [1]), /Couldn't find PID field in ps output/);
});
