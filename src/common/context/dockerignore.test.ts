import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerignore, isIgnored } from './dockerignore.js';

test('Docker\'s .dockerignore rules: globs, **, directories, ! exceptions, last match wins', () => {
  const p = parseDockerignore('# c\n*.log\n/build\ndocs/**\n!docs/keep.md\n**/tmp-?\n!important.log\n');
  const ignored = (x: string) => isIgnored(x, p);
  assert.ok(ignored('a.log'));
  assert.ok(!ignored('sub/a.log'), '* stays in one path component');
  assert.ok(!ignored('important.log'));
  assert.ok(ignored('build/x/y'), 'a directory pattern covers what is below');
  assert.ok(ignored('docs/a.md'));
  assert.ok(!ignored('docs/keep.md'));
  assert.ok(ignored('deep/er/tmp-1'));
  assert.ok(!ignored('deep/er/tmp-12'));
  assert.ok(!ignored('src/main.ts'));
});
