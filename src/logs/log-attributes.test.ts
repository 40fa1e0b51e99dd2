import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailsPrefix, logAttributes, queryEscape } from './log-attributes.js';

const src = {
  labels: { a: '1', b: '2', xy: 'z' },
  env: ['X=ex', 'Y=why', 'FOO_A=1', 'FOO_B=2', 'PATH=/bin'],
  id: '8fca140ca959'.padEnd(64, '0'),
  name: 'tg',
  imageName: 'busybox',
  imageId: `sha256:${'ab'.repeat(32)}`,
};

test('logAttributes picks the labels and env named by the log options, sorted in the details prefix', () => {
  const attrs = logAttributes({ ...src, opts: { labels: 'b,a,zz', env: 'Y,X' } });
  assert.deepEqual(attrs, { a: '1', b: '2', X: 'ex', Y: 'why' });
  assert.equal(detailsPrefix(attrs), 'X=ex,Y=why,a=1,b=2 ');
  assert.deepEqual(logAttributes({ ...src, opts: { 'env-regex': '^FOO', 'labels-regex': '^x' } }), { FOO_A: '1', FOO_B: '2', xy: 'z' });
});

test('tag is expanded and query-escaped like dockerd; no attributes gives a single space', () => {
  const attrs = logAttributes({ ...src, opts: { tag: '{{.Name}}/{{.ID}}/{{.ImageName}}' } });
  assert.equal(detailsPrefix(attrs), 'tag=tg%2F8fca140ca959%2Fbusybox ');
  assert.equal(detailsPrefix({}), ' ');
  assert.equal(queryEscape("a b!*'()~-_."), 'a+b%21%2A%27%28%29~-_.');
});
