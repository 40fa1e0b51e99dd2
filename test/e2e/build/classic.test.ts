// `DOCKER_BUILDKIT=0 docker build` against berthd: the message stream, every instruction's effect on the image
// config and files (checked by running the image), multi-stage COPY --from, and failing steps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { TestDaemon } from '../../helpers/test-daemon.js';
import { makeContext, classic, tarOf } from './helpers.js';

let d: TestDaemon;
const dirs: string[] = [];
before(async () => {
  d = await TestDaemon.start();
});
after(async () => {
  await d?.stop();
  for (const x of dirs) await rm(x, { recursive: true, force: true });
});

async function ctx(files: Parameters<typeof makeContext>[0]): Promise<string> {
  const dir = await makeContext(files);
  dirs.push(dir);
  return dir;
}

test('a classic build streams Docker\'s messages and tags the image', async () => {
  const dir = await ctx({
    Dockerfile: 'FROM busybox\nRUN echo hello > /greeting && echo ran-step\nCMD ["cat", "/greeting"]\n',
  });
  const r = await d.docker(['build', '-t', 'app:1', '-t', 'app:latest', dir], { env: classic });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^Step 1\/3 : FROM busybox$/m);
  assert.match(r.stdout, /^ ---> Running in [a-f0-9]{12}$/m);
  assert.match(r.stdout, /^ran-step$/m);
  assert.match(r.stdout, /^Step 3\/3 : CMD \["cat", "\/greeting"\]$/m);
  const built = /^Successfully built ([a-f0-9]{12})$/m.exec(r.stdout);
  assert.ok(built, r.stdout);
  assert.match(r.stdout, /^Successfully tagged app:1$/m);
  assert.match(r.stdout, /^Successfully tagged app:latest$/m);
  const run = await d.docker(['run', '--rm', 'app:1']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'hello\n');
  const ps = await d.docker(['ps', '-aq']);
  assert.equal(ps.stdout.trim(), '', 'no intermediate container left');
});

test('every instruction lands in the image config and files', async () => {
  const dir = await ctx({
    Dockerfile: [
      '# escape=`',
      'ARG BASE=busybox',
      'FROM ${BASE} AS base',
      'ARG V=default',
      'ARG EMPTY',
      'ENV GREETING="hello world" `',
      '    OTHER=${V:-unset} ALT=${EMPTY:+set}${EMPTY:-fallback}',
      'LABEL org.example.team=core "with space"="a b"',
      'MAINTAINER someone',
      'WORKDIR /srv',
      'WORKDIR app',
      'COPY --chown=1000:1000 --chmod=0640 conf/a.txt conf/b.txt ./conf/',
      'COPY dir /data/',
      'ADD archive.tar /unpacked/',
      'COPY *.md /docs/',
      'RUN ["/bin/sh", "-c", "echo $V:$GREETING > /srv/app/run.txt"]',
      'SHELL ["/bin/sh", "-c"]',
      'RUN mkdir -p /made && rm /bin/ls && rm -rf /usr',
      'EXPOSE 8080 53/udp',
      'VOLUME ["/data"]',
      'USER 1000:1000',
      'STOPSIGNAL SIGUSR1',
      'HEALTHCHECK --interval=5s --timeout=2s --retries=3 CMD true',
      'ONBUILD RUN echo triggered',
      'ENTRYPOINT ["/bin/sh", "-c"]',
      'CMD ["ls /srv/app/conf"]',
      '',
    ].join('\n'),
    'conf/a.txt': 'A\n',
    'conf/b.txt': 'B\n',
    'dir/x/y.txt': 'Y\n',
    'README.md': 'readme\n',
    'NOTES.md': 'notes\n',
    'archive.tar': await tarOf({ 'inside/t.txt': 'from tar\n' }),
  });
  const r = await d.docker(['build', '--build-arg', 'V=given', '-t', 'corpus:1', dir], { env: classic });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.doesNotMatch(r.stdout, /not consumed/);
  const [img] = JSON.parse((await d.docker(['image', 'inspect', 'corpus:1'])).stdout);
  const c = img.Config;
  assert.ok(c.Env.includes('GREETING=hello world'), c.Env.join(','));
  assert.ok(c.Env.includes('OTHER=given'));
  assert.ok(c.Env.includes('ALT=fallback'));
  assert.equal(c.Labels['org.example.team'], 'core');
  assert.equal(c.Labels['with space'], 'a b');
  assert.equal(img.Author, 'someone');
  assert.equal(c.WorkingDir, '/srv/app');
  assert.deepEqual(c.ExposedPorts, { '8080/tcp': {}, '53/udp': {} });
  assert.deepEqual(c.Volumes, { '/data': {} });
  assert.equal(c.User, '1000:1000');
  assert.equal(c.StopSignal, 'SIGUSR1');
  assert.deepEqual(c.Healthcheck, { Test: ['CMD-SHELL', 'true'], Interval: 5e9, Timeout: 2e9, Retries: 3 });
  assert.deepEqual(c.OnBuild, ['RUN echo triggered']);
  assert.deepEqual(c.Entrypoint, ['/bin/sh', '-c']);
  assert.deepEqual(c.Cmd, ['ls /srv/app/conf']);
  // Files, by running the image.
  const show = async (cmd: string) => {
    const x = await d.docker(['run', '--rm', '--user', '0', 'corpus:1', cmd]);
    assert.equal(x.code, 0, x.stderr);
    return x.stdout;
  };
  assert.equal(await show('cat /srv/app/run.txt'), 'given:hello world\n');
  assert.equal(await show('stat -c "%u:%g %a" /srv/app/conf/a.txt /srv/app/conf/b.txt'), '1000:1000 640\n1000:1000 640\n');
  assert.equal(await show('cat /data/x/y.txt /unpacked/inside/t.txt /docs/README.md /docs/NOTES.md'), 'Y\nfrom tar\nreadme\nnotes\n');
  assert.equal(await show('test -d /made && echo yes'), 'yes\n');
  assert.equal(await show('test -e /bin/ls || test -e /usr || echo gone'), 'gone\n', 'deletions in a RUN step are whiteouts in its layer');
  assert.equal(await show('stat -c %a /tmp'), '1777\n');
  // The ONBUILD trigger runs in a child image.
  const child = await ctx({ Dockerfile: 'FROM corpus:1\n' });
  const rc = await d.docker(['build', '-t', 'child:1', child], { env: classic });
  assert.equal(rc.code, 0, rc.stderr + rc.stdout);
  assert.match(rc.stdout, /# Executing 1 build trigger/);
  assert.match(rc.stdout, /^triggered$/m);
});

test('multi-stage: COPY --from a named stage, --target stops early, FROM scratch', async () => {
  const dir = await ctx({
    Dockerfile: [
      'FROM busybox AS builder',
      'RUN mkdir /out && echo built > /out/artifact',
      'FROM scratch AS final',
      'COPY --from=builder /out/artifact /artifact',
      'COPY --from=0 /bin/busybox /bin/sh',
      'FROM busybox AS unused',
      'RUN exit 7',
      '',
    ].join('\n'),
  });
  const r = await d.docker(['build', '--target', 'final', '-t', 'multi:1', dir], { env: classic });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^Step 1\/5 : FROM busybox AS builder$/m);
  const run = await d.docker(['run', '--rm', '--entrypoint', '/bin/sh', 'multi:1', '-c', 'read x < /artifact; echo $x']);
  assert.equal(run.stdout, 'built\n', run.stderr);
  const bad = await d.docker(['build', '--target', 'nope', dir], { env: classic });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /failed to reach build target nope in Dockerfile/);
});

test('a failing RUN reports the step and exit code and leaves no container', async () => {
  const dir = await ctx({ Dockerfile: 'FROM busybox\nRUN echo before; exit 3\n' });
  const r = await d.docker(['build', dir], { env: classic });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^Step 2\/2 : RUN echo before; exit 3$/m);
  assert.match(r.stderr, /The command '\/bin\/sh -c echo before; exit 3' returned a non-zero code: 3/);
  const ps = await d.docker(['ps', '-aq']);
  assert.equal(ps.stdout.trim(), '');
});

test('Dockerfile errors use Docker\'s wording', async () => {
  const cases: Array<[string, RegExp]> = [
    ['FROM busybox\nFOO bar\n', /dockerfile parse error on line 2: unknown instruction: FOO/],
    ['RUN true\n', /no build stage in current context/],
    ['FROM busybox\nCOPY missing.txt /x\n', /file not found in build context or excluded by \.dockerignore: stat missing\.txt: file does not exist/],
    ['FROM busybox\nCOPY ../outside /x\n', /forbidden path outside the build context/],
    ['FROM busybox\nRUN --mount=type=cache,target=/c true\n', /the --mount option requires BuildKit/],
  ];
  for (const [text, re] of cases) {
    const dir = await ctx({ Dockerfile: text });
    const r = await d.docker(['build', dir], { env: classic });
    assert.notEqual(r.code, 0, text);
    assert.match(r.stderr, re, text);
  }
});

test('docker build - reads a bare Dockerfile or a context tar from stdin', async () => {
  const bare = await d.docker(['build', '-t', 'stdin:1', '-'], { env: classic, input: 'FROM busybox\nENV FROM_STDIN=1\n' });
  assert.equal(bare.code, 0, bare.stderr + bare.stdout);
  const tar = await tarOf({ Dockerfile: 'FROM busybox\nCOPY f /f\n', f: 'via tar\n' });
  const t = await d.docker(['build', '-t', 'stdin:2', '-'], { env: classic, input: tar });
  assert.equal(t.code, 0, t.stderr + t.stdout);
  assert.equal((await d.docker(['run', '--rm', 'stdin:2', 'cat', '/f'])).stdout, 'via tar\n');
});

test('plain docker build (no buildx) takes the classic path too', async () => {
  const dir = await ctx({ Dockerfile: 'FROM busybox\nLABEL plain=yes\n' });
  const env = { ...d.env, DOCKER_BUILDKIT: undefined } as NodeJS.ProcessEnv;
  delete env.DOCKER_BUILDKIT;
  const r = await d.docker(['build', '-t', 'plain:1', dir], { env });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Successfully tagged plain:1/);
});

test('RUN honours --memory and --network none from the build request', async () => {
  const dir = await ctx({ Dockerfile: 'FROM busybox\nRUN cat /sys/fs/cgroup/memory/memory.limit_in_bytes > /limit; ls /sys/class/net > /nets\n' });
  const r = await d.docker(['build', '--memory', '64m', '--network', 'none', '-t', 'limits:1', dir], { env: classic });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal((await d.docker(['run', '--rm', 'limits:1', 'cat', '/limit'])).stdout, `${64 * 1024 * 1024}\n`);
  assert.equal((await d.docker(['run', '--rm', 'limits:1', 'cat', '/nets'])).stdout, 'lo\n');
});

test('ADD <url> downloads the file (not unpacked, mode 600); a changed body misses the cache', async () => {
  const { createServer } = await import('node:http');
  let body = 'first\n';
  const server = createServer((req, res) => {
    if (req.url === '/files/data.txt') res.end(body);
    else {
      res.statusCode = 404;
      res.end('nope');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (server.address() as { port: number }).port;
    const dir = await ctx({ Dockerfile: `FROM busybox\nADD http://127.0.0.1:${port}/files/data.txt /srv/\nRUN cat /srv/data.txt > /copy\n` });
    const r = await d.docker(['build', '--network', 'none', '-t', 'url:1', dir], { env: classic });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal((await d.docker(['run', '--rm', 'url:1', 'sh', '-c', 'cat /copy; stat -c %a /srv/data.txt'])).stdout, 'first\n600\n');
    const again = await d.docker(['build', '--network', 'none', dir], { env: classic });
    assert.doesNotMatch(again.stdout, /Running in/);
    body = 'second\n';
    const changed = await d.docker(['build', '--network', 'none', '-t', 'url:2', dir], { env: classic });
    assert.match(changed.stdout, /Running in/);
    assert.equal((await d.docker(['run', '--rm', 'url:2', 'cat', '/copy'])).stdout, 'second\n');
    const missing = await ctx({ Dockerfile: `FROM busybox\nADD http://127.0.0.1:${port}/gone.txt /x\n` });
    const bad = await d.docker(['build', missing], { env: classic });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /failed to GET http:\/\/127\.0\.0\.1:\d+\/gone\.txt with status 404/);
  } finally {
    server.close();
  }
});

test('HEALTHCHECK NONE, ENTRYPOINT resets an inherited CMD, labels from the request', async () => {
  const dir = await ctx({ Dockerfile: 'FROM busybox\nHEALTHCHECK NONE\nENTRYPOINT ["echo"]\n' });
  const r = await d.docker(['build', '--label', 'from.request=yes', '-t', 'ep:1', dir], { env: classic });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const [img] = JSON.parse((await d.docker(['image', 'inspect', 'ep:1'])).stdout);
  assert.deepEqual(img.Config.Healthcheck, { Test: ['NONE'] });
  assert.deepEqual(img.Config.Entrypoint, ['echo']);
  assert.equal(img.Config.Cmd, null, 'busybox\'s CMD ["sh"] does not survive a new ENTRYPOINT');
  assert.equal(img.Config.Labels['from.request'], 'yes');
});
