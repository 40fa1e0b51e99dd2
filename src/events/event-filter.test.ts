import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEventFilters, matchesEvent, eventJson } from './event-filter.js';
import type { EngineEvent } from './event-bus.js';
import { errorCode } from '../errors.js';

const ID = 'a'.repeat(64);
const ev = (Type: EngineEvent['Type'], Action: string, attrs: Record<string, string> = {}, id = ID): EngineEvent => ({
  Type,
  Action,
  Actor: { ID: id, Attributes: attrs },
  time: 1700000000,
  timeNano: 1700000000123456789,
});

test('filters: type, event, container by ID/name/prefix, image, label', () => {
  const start = ev('container', 'start', { name: 'web', image: 'busybox', a: 'b' });
  const cases: Array<[Record<string, string[]>, boolean]> = [
    [{}, true],
    [{ type: ['container'] }, true],
    [{ type: ['image'] }, false],
    [{ event: ['start', 'die'] }, true],
    [{ event: ['die'] }, false],
    [{ container: ['web'] }, true],
    [{ container: [ID] }, true],
    [{ container: [ID.slice(0, 12)] }, true],
    [{ container: ['other'] }, false],
    [{ image: ['busybox'] }, true],
    [{ image: ['alpine'] }, false],
    [{ label: ['a=b'] }, true],
    [{ label: ['a'] }, true],
    [{ label: ['a=c'] }, false],
    [{ type: ['container'], event: ['start'], container: ['web'], label: ['a=b'] }, true],
    [{ network: ['bridge'] }, false],
  ];
  for (const [f, want] of cases) assert.equal(matchesEvent(start, f), want, JSON.stringify(f));
  assert.equal(matchesEvent(ev('container', 'exec_start: sh', { name: 'web' }), { event: ['exec_start'] }), true);
  assert.equal(matchesEvent(ev('image', 'tag', { name: 'busybox:latest' }, 'sha256:x'), { image: ['busybox:latest'] }), true);
});

test('unknown filters and event types are Docker errors', () => {
  assert.throws(() => checkEventFilters({ nope: ['x'] }), (e) => errorCode(e) === 'ERR_INVALID_ARGUMENT' && /invalid filter 'nope'/.test(String(e)));
  assert.throws(() => checkEventFilters({ type: ['thing'] }), /unknown event type: thing/);
  checkEventFilters({ type: ['container', 'image'], event: ['die'], label: ['a=b'] });
});

test('event JSON carries the legacy status/id/from for containers', () => {
  assert.deepEqual(eventJson(ev('container', 'die', { name: 'web', image: 'busybox', exitCode: '3' })), {
    status: 'die',
    id: ID,
    from: 'busybox',
    Type: 'container',
    Action: 'die',
    Actor: { ID, Attributes: { name: 'web', image: 'busybox', exitCode: '3' } },
    scope: 'local',
    time: 1700000000,
    timeNano: 1700000000123456789,
  });
});
