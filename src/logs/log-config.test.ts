import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logPolicy, ramInBytes } from './log-config.js';

test('ramInBytes parses sizes as go-units RAMInBytes does', () => {
  for (const [s, n] of [['1', 1], ['10k', 10240], ['1m', 1048576], ['1.5m', 1572864], ['1MB', 1048576], ['1kb', 1024], ['1KiB', 1024], ['2 g', 2 * 1024 ** 3]] as const) {
    assert.equal(ramInBytes(s), n, s);
  }
  for (const s of ['abc', '-1', '', '1x', '1..5m', ' 1m']) assert.throws(() => ramInBytes(s), { message: `invalid size: '${s}'` }, s);
});

test('logPolicy: max-size/max-file for json-file and k8s-file', () => {
  assert.deepEqual(logPolicy('', {}), { driver: 'k8s-file', maxSize: undefined, maxFile: 1, readable: true });
  assert.deepEqual(logPolicy('json-file', { 'max-size': '1m', 'max-file': '3' }), { driver: 'json-file', maxSize: 1048576, maxFile: 3, readable: true });
  assert.deepEqual(logPolicy(undefined, { 'max-file': '3' }), { driver: 'k8s-file', maxSize: undefined, maxFile: 3, readable: true }); // dockerd accepts it (no effect)
  assert.deepEqual(logPolicy('k8s-file', { labels: 'a', env: 'X', 'env-regex': '^A', 'labels-regex': 'x', tag: '{{.Name}}' }).maxSize, undefined);
});

test('logPolicy: local and none drivers', () => {
  assert.deepEqual(logPolicy('local', {}), { driver: 'local', maxSize: 20 * 1048576, maxFile: 5, readable: true });
  assert.deepEqual(logPolicy('local', { 'max-size': '1m', 'max-file': '2' }), { driver: 'local', maxSize: 1048576, maxFile: 2, readable: true });
  assert.equal(logPolicy('none', {}).readable, false);
});

test("logPolicy refuses bad LogConfigs with dockerd's wording", () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['', { 'max-size': 'abc' }, "failed to initialize logging driver: invalid size: 'abc'"],
    ['', { 'max-size': '-1' }, "failed to initialize logging driver: invalid size: '-1'"],
    ['', { 'max-size': '0' }, 'failed to initialize logging driver: max-size must be a positive number'],
    ['json-file', { 'max-size': '1m', 'max-file': '0' }, 'failed to initialize logging driver: max-file cannot be less than 1'],
    ['json-file', { 'max-size': '1m', 'max-file': 'x' }, 'failed to initialize logging driver: strconv.Atoi: parsing "x": invalid syntax'],
    ['json-file', { 'max-size': '1m', compress: 'true' }, 'failed to initialize logging driver: compress cannot be true when max-file is less than 2 or max-size is not set'],
    ['json-file', { compress: 'yes' }, 'failed to initialize logging driver: strconv.ParseBool: parsing "yes": invalid syntax'],
    ['json-file', { foo: 'bar' }, "unknown log opt 'foo' for json-file log driver"],
    ['local', { labels: 'a' }, "unknown log opt 'labels' for log driver local"],
    ['local', { 'max-size': 'abc' }, "failed to initialize logging driver: invalid value for max-size: abc: invalid size: 'abc'"],
    ['syslog2', {}, 'error looking up logging plugin syslog2: plugin "syslog2" not found'],
    ['none', { 'max-size': '1m' }, 'invalid logging opts for driver none'],
  ];
  for (const [type, config, message] of cases) assert.throws(() => logPolicy(type, config), { message }, `${type} ${JSON.stringify(config)}`);
});
