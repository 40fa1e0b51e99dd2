import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tabwrite } from './tabwriter.js';

test('docker ps header on an empty daemon (docker CLI 28 output)', () => {
  const out = tabwrite('CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES\n');
  assert.equal(out, 'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
});

test('columns: min width 10, padding 3, the last cell unpadded, empty cells padded', () => {
  const out = tabwrite('REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\nbusybox\tlatest\t2dda13463b79\t1 second ago\t2.13MB\n');
  assert.equal(out, 'REPOSITORY   TAG       IMAGE ID       CREATED        SIZE\nbusybox      latest    2dda13463b79   1 second ago   2.13MB\n');
  assert.equal(tabwrite('a\t\tc\n'), 'a                   c\n');
});

test('lines without tabs split column blocks (docker version layout)', () => {
  const out = tabwrite(' Version:\t1\nServer:\n  Engine:\tx\n', { minWidth: 20, padding: 1 });
  assert.equal(out, ' Version:           1\nServer:\n  Engine:           x\n');
});

test('width counts characters, not bytes', () => {
  assert.equal(tabwrite('"sh -c echo…"\tx\nab\ty\n'), '"sh -c echo…"   x\nab              y\n');
});
