import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges } from './changes.js';

test('applies --change instructions in JSON and shell forms', () => {
  const c = applyChanges({ Env: ['PATH=/bin'] }, [
    'CMD ["sh"]',
    'ENTRYPOINT /bin/init --x',
    'ENV A=1 B="two words"',
    'ENV PATH /usr/bin',
    'WORKDIR /srv',
    'USER 1000:1000',
    'EXPOSE 80 53/udp',
    'LABEL a=b c="d e"',
    'STOPSIGNAL SIGINT',
    'VOLUME /data',
  ]);
  assert.deepEqual(c.Cmd, ['sh']);
  assert.deepEqual(c.Entrypoint, ['/bin/sh', '-c', '/bin/init --x']);
  assert.deepEqual(c.Env, ['PATH=/usr/bin', 'A=1', 'B=two words']);
  assert.equal(c.WorkingDir, '/srv');
  assert.equal(c.User, '1000:1000');
  assert.deepEqual(c.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.deepEqual(c.Labels, { a: 'b', c: 'd e' });
  assert.equal(c.StopSignal, 'SIGINT');
  assert.deepEqual(c.Volumes, { '/data': {} });
});

test('refuses instructions that cannot be changes', () => {
  assert.throws(() => applyChanges({}, ['RUN echo hi']), /run is not a valid change command/);
});

test('HEALTHCHECK: options, shell and exec forms, NONE', () => {
  const c = applyChanges({}, ['HEALTHCHECK --interval=2s --timeout=500ms --retries=4 CMD wget -q localhost']);
  assert.deepEqual(c.Healthcheck, { Interval: 2e9, Timeout: 5e8, Retries: 4, Test: ['CMD-SHELL', 'wget -q localhost'] });
  assert.deepEqual(applyChanges({}, ['HEALTHCHECK CMD ["true", "x"]']).Healthcheck, { Test: ['CMD', 'true', 'x'] });
  assert.deepEqual(applyChanges({}, ['HEALTHCHECK NONE']).Healthcheck, { Test: ['NONE'] });
  assert.throws(() => applyChanges({}, ['HEALTHCHECK --interval=5 CMD true']), /missing unit/);
  assert.throws(() => applyChanges({}, ['HEALTHCHECK RUN true']), /Unknown type/);
});
