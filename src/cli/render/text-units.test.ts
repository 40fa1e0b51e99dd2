import { test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateId, ellipsis, goQuote, timeAgo } from './text-units.js';

test('IDs, ellipsis and quoting as docker ps shows commands', () => {
  assert.equal(truncateId('sha256:2dda13463b7940052ac1503ce3283e4666445fd28ba4ea2f3203602df57e9896'), '2dda13463b79');
  assert.equal(truncateId('7882930f756c519102be1b891d5631ed'), '7882930f756c');
  assert.equal(goQuote(ellipsis("sh -c 'while true; do sleep 1; done'", 20)), `"sh -c 'while true; …"`);
  assert.equal(goQuote(ellipsis('sleep 100', 20)), '"sleep 100"');
  assert.equal(goQuote('a"b\\c\td\x1b'), '"a\\"b\\\\c\\td\\x1b"');
});

test("go-units HumanDuration + ' ago' (docker's CREATED column)", () => {
  const now = 1_700_000_000_000;
  const s = now / 1000;
  const cases: [number, string][] = [
    [0, 'Less than a second ago'], [1, '1 second ago'], [3, '3 seconds ago'], [59, '59 seconds ago'], [60, 'About a minute ago'],
    [119, 'About a minute ago'], [120, '2 minutes ago'], [3599, '59 minutes ago'], [3600, 'About an hour ago'], [5400, '2 hours ago'],
    [47 * 3600, '47 hours ago'], [48 * 3600, '2 days ago'], [14 * 86400, '2 weeks ago'], [60 * 86400, '2 months ago'], [800 * 86400, '2 years ago'],
  ];
  for (const [ago, want] of cases) assert.equal(timeAgo(s - ago, now), want, String(ago));
});
