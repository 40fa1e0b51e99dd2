import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from './parser.js';
import { processWord, processWords } from './shell-lex.js';

test('continuations, comments inside them, flags and the exec form', () => {
  const df = parseDockerfile('FROM busybox AS b\nRUN echo a \\\n# a comment\n\n    && echo b\nCOPY --from=b --chown=1:2 ["a b", "/c/"]\n');
  assert.equal(df.instructions.length, 3);
  assert.equal(df.instructions[1]!.args, 'echo a     && echo b', 'leading blanks of a continued line stay, as in Docker');
  assert.equal(df.instructions[1]!.line, 2);
  assert.deepEqual(df.instructions[2]!.flags, { from: 'b', chown: '1:2' });
  assert.deepEqual(df.instructions[2]!.json, ['a b', '/c/']);
});

test('the escape directive switches the continuation character', () => {
  const df = parseDockerfile('# escape=`\nFROM x\nRUN dir c:\\ `\n  && echo y\n');
  assert.equal(df.escape, '`');
  assert.equal(df.instructions[1]!.args, 'dir c:\\   && echo y');
});

test('unknown instructions and flags get Docker\'s messages', () => {
  assert.throws(() => parseDockerfile('FROM x\nBOGUS y\n'), /dockerfile parse error on line 2: unknown instruction: BOGUS/);
  assert.throws(() => parseDockerfile('FROM x\nCOPY --nope=1 a b\n'), /unknown flag: nope/);
});

test('variable substitution forms', () => {
  const env = new Map([['A', 'x'], ['E', '']]);
  assert.equal(processWord('${A}-$A-${B:-d}-${E:-d}-${E-d}-${A:+set}-${B:+set}-${E+set}', env), 'x-x-d-d--set--set');
  assert.equal(processWord("'$A' \"$A\" \\$A", env), '$A x $A');
  assert.deepEqual(processWords('K="a b" L=$A\\ y', env), ['K=a b', 'L=x y']);
  assert.throws(() => processWord('${B:?must be set}', env), /B: must be set/);
});
