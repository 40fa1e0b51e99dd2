import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanSize, bytesSize, formatG } from './human-size.js';

test("go-units HumanSizeWithPrecision(n, 3) as docker's tables print it", () => {
  const cases: [number, string][] = [
    [0, '0B'], [1, '1B'], [999, '999B'], [1000, '1kB'], [1024, '1.02kB'], [2130000, '2.13MB'], [4261234, '4.26MB'],
    [999500, '1e+03kB'], [1e9, '1GB'], [123456789012, '123GB'], [5.5e12, '5.5TB'],
  ];
  for (const [n, want] of cases) assert.equal(humanSize(n), want, String(n));
});

test('go-units BytesSize (docker info: Total Memory)', () => {
  assert.equal(bytesSize(25276514304), '23.54GiB');
  assert.equal(bytesSize(1024), '1KiB');
  assert.equal(bytesSize(512), '512B');
});

test("Go's %g", () => {
  assert.equal(formatG(0.0001234, 3), '0.000123');
  assert.equal(formatG(1234567, 3), '1.23e+06');
  assert.equal(formatG(100, 3), '100');
});
