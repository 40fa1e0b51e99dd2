import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanRuntimeMessage } from './conmon.js';

test('runtime error messages are unwrapped from logrus lines', () => {
  const raw = 'time="2026-01-01T00:00:00Z" level=error msg="runc create failed: unable to start container process: exec: \\"nope\\": executable file not found in $PATH"\n';
  assert.equal(cleanRuntimeMessage(raw), 'runc create failed: unable to start container process: exec: "nope": executable file not found in $PATH');
  assert.equal(cleanRuntimeMessage('plain failure'), 'plain failure');
});
