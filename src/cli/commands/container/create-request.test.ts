import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandEnv, logConfigFromFlags, readKeyValueFile } from './create-request.js';

test('-e: docker\'s ValidateEnv (a bare NAME takes our value, or goes as is when we have none)', () => {
  const env = { HOME: '/root', EMPTY: '' };
  const cases: Array<[string[], string[]]> = [
    [['A=1'], ['A=1']],
    [['HOME'], ['HOME=/root']],
    [['EMPTY'], ['EMPTY=']],
    [['NOPE'], ['NOPE']],
    [['X=a=b', 'HOME=/x'], ['X=a=b', 'HOME=/x']],
  ];
  for (const [input, want] of cases) assert.deepEqual(expandEnv(input, env), want, input.join(' '));
});

test('--env-file: comments and blanks skipped, a bare NAME takes our value or is left out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-envfile-'));
  const file = join(dir, 'env');
  writeFileSync(file, '# comment\nA=1\n\n  B=two words\nHOME\nNOPE\n');
  try {
    assert.deepEqual(readKeyValueFile(file, true, { HOME: '/root' }), ['A=1', 'B=two words', 'HOME=/root']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--log-driver/--log-opt: LogConfig as the docker CLI sends it; none takes no options', () => {
  assert.deepEqual(logConfigFromFlags('', []), { Type: '', Config: {} });
  assert.deepEqual(logConfigFromFlags('json-file', ['max-size=1m', 'max-file=3', 'tag=a=b', 'bare']), { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '3', tag: 'a=b', bare: '' } });
  assert.deepEqual(logConfigFromFlags('none', []), { Type: 'none', Config: {} });
  assert.throws(() => logConfigFromFlags('none', ['max-size=1m']), { message: 'invalid logging opts for driver none' });
});
