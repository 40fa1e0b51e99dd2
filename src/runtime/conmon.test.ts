import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanRuntimeMessage, crunInRuncWords } from './conmon.js';

test('runtime error messages are unwrapped from logrus lines', () => {
  const raw = 'time="2026-01-01T00:00:00Z" level=error msg="runc create failed: unable to start container process: exec: \\"nope\\": executable file not found in $PATH"\n';
  assert.equal(cleanRuntimeMessage(raw), 'runc create failed: unable to start container process: exec: "nope": executable file not found in $PATH');
  assert.equal(cleanRuntimeMessage('plain failure'), 'plain failure');
});

test("crun's messages for a command that cannot run are put in runc's words (the docker CLI's exit codes depend on them)", () => {
  assert.equal(crunInRuncWords('executable file `nope` not found in $PATH: No such file or directory'), 'exec: "nope": executable file not found in $PATH');
  assert.equal(crunInRuncWords('executable file `/nope` not found in $PATH: No such file or directory'), 'exec: "/nope": stat /nope: no such file or directory');
  assert.equal(crunInRuncWords('open executable: Permission denied'), 'open executable: permission denied');
  assert.equal(crunInRuncWords('chdir to `/x`: No such file or directory'), 'chdir to `/x`: no such file or directory');
  assert.equal(crunInRuncWords('runc create failed: something else'), 'runc create failed: something else');
});
