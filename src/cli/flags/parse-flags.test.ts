import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from './parse-flags.js';
import type { FlagSpec } from './flag-spec.js';
import { UsageError } from '../exit-code-error.js';

const FLAGS: FlagSpec[] = [
  { name: 'interactive', short: 'i', type: '', usage: '' },
  { name: 'tty', short: 't', type: '', usage: '' },
  { name: 'detach', short: 'd', type: '', usage: '' },
  { name: 'env', short: 'e', type: 'list', usage: '' },
  { name: 'name', type: 'string', usage: '' },
  { name: 'last', short: 'n', type: 'int', usage: '' },
  { name: 'sig-proxy', type: '', usage: '', defaultText: 'true' },
];

test('docker flag forms (table)', () => {
  const cases: [string[], Record<string, unknown>, string[]][] = [
    [['-it', 'busybox'], { interactive: true, tty: true }, ['busybox']],
    [['-e=A=1', '-eB=2', '-e', 'C=3', '--env', 'D=4', '--env=E=5', 'x'], { env: ['A=1', 'B=2', 'C=3', 'D=4', 'E=5'] }, ['x']],
    [['--name', 'web', 'x'], { name: 'web' }, ['x']],
    [['--name=web', 'x'], { name: 'web' }, ['x']],
    [['--name', '-x', 'y'], { name: '-x' }, ['y']],
    [['-dit', 'x'], { detach: true, interactive: true, tty: true }, ['x']],
    [['--sig-proxy=false', 'x'], { 'sig-proxy': false }, ['x']],
    [['x'], { 'sig-proxy': true, detach: false }, ['x']],
    [['-n', '3'], { last: 3 }, []],
    [['-n-1'], { last: -1 }, []],
    [['--', '-i', 'x'], { interactive: false }, ['-i', 'x']],
    [['-'], {}, ['-']],
  ];
  for (const [argv, want, args] of cases) {
    const r = parseFlags({ flags: FLAGS }, argv);
    for (const [k, v] of Object.entries(want)) {
      const got = Array.isArray(v) ? r.flags.list(k) : typeof v === 'boolean' ? r.flags.bool(k) : typeof v === 'number' ? r.flags.int(k) : r.flags.string(k);
      assert.deepEqual(got, v, `${argv.join(' ')}: ${k}`);
    }
    assert.deepEqual(r.args, args, argv.join(' '));
  }
});

test('flags after the image belong to the container command when not interspersed', () => {
  const r = parseFlags({ flags: FLAGS, interspersed: false }, ['-d', 'busybox', 'ls', '-l', '--name', 'x']);
  assert.equal(r.flags.bool('detach'), true);
  assert.deepEqual(r.args, ['busybox', 'ls', '-l', '--name', 'x']);
  assert.equal(r.flags.has('name'), false);
  const s = parseFlags({ flags: FLAGS }, ['a', '-d', 'b']);
  assert.deepEqual(s.args, ['a', 'b']);
  assert.equal(s.flags.bool('detach'), true);
});

test('help: --help anywhere, -h as a deprecated shorthand unless taken', () => {
  assert.equal(parseFlags({ flags: FLAGS }, ['--help']).help, true);
  const h = parseFlags({ flags: FLAGS }, ['-h']);
  assert.equal(h.help && h.helpShorthand, true);
  const taken = parseFlags({ flags: [...FLAGS, { name: 'hostname', short: 'h', type: 'string', usage: '' }] }, ['-h', 'box']);
  assert.equal(taken.help, false);
  assert.equal(taken.flags.string('hostname'), 'box');
});

test("pflag's error messages", () => {
  const cases: [string[], string][] = [
    [['--bogus'], 'unknown flag: --bogus'],
    [['-x'], "unknown shorthand flag: 'x' in -x"],
    [['-ix'], "unknown shorthand flag: 'x' in -ix"],
    [['--name'], 'flag needs an argument: --name'],
    [['-e'], "flag needs an argument: 'e' in -e"],
    [['-n', 'abc'], 'invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    [['--tty=maybe'], 'invalid argument "maybe" for "-t, --tty" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseFlags({ flags: FLAGS }, argv), (err: unknown) => err instanceof UsageError && err.message === message, argv.join(' '));
  }
});
