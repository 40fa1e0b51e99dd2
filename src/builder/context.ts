// The build context as the request body brings it: a tar (plain or gzip) unpacked into a private directory, or a
// bare Dockerfile (`docker build - < Dockerfile`). The unpack refuses anything that would land outside the
// directory; `.dockerignore` is applied afterwards (the CLI filters too, raw API clients may not).
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { applyLayer } from '../layers/apply-layer.js';
import { parseDockerignore, isIgnored, mayReinclude, type IgnorePattern } from '../common/context/dockerignore.js';

export interface BuildContext {
  dir: string;
  /** The Dockerfile's text. */
  dockerfile: string;
  ignore: IgnorePattern[];
  /** sha256 (hex) of each regular file as it arrived, by path: COPY's cache key needs no second read. */
  fileHashes: Map<string, string>;
}

/** Peeks at the body: gzip, bzip2, xz, zstd or a ustar header mean an archive; anything else is a Dockerfile. */
export async function receiveContext(body: Readable, dir: string, dockerfilePath: string): Promise<BuildContext> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { head, stream } = await peek(body, 512);
  const archive =
    (head[0] === 0x1f && head[1] === 0x8b) ||
    head.subarray(0, 3).toString() === 'BZh' ||
    (head[0] === 0xfd && head.subarray(1, 6).toString() === '7zXZ\0') ||
    (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) ||
    (head.length >= 262 && head.subarray(257, 262).toString() === 'ustar') ||
    head.length === 0;
  if (!archive) {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    await writeFile(join(dir, 'Dockerfile'), text);
    return { dir, dockerfile: text, ignore: [], fileHashes: new Map() };
  }
  const fileHashes = new Map<string, string>();
  if (head.length > 0) await applyLayer(dir, stream, { noDigests: true, fileHashes });
  else stream.resume();
  const ignoreText = await readFile(join(dir, '.dockerignore'), 'utf8').catch(() => '');
  const ignore = parseDockerignore(ignoreText);
  if (ignore.length) await prune(dir, '', ignore, new Set([dockerfilePath.replace(/^\.?\//, ''), '.dockerignore']));
  const name = dockerfilePath || 'Dockerfile';
  let text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
  if (text === undefined && name === 'Dockerfile') text = await readFile(join(dir, 'dockerfile'), 'utf8').catch(() => undefined);
  if (text === undefined) throw new ContextError(`Cannot locate specified Dockerfile: ${name}`);
  return { dir, dockerfile: text, ignore, fileHashes };
}

export class ContextError extends Error {}

async function prune(root: string, rel: string, ignore: IgnorePattern[], keep: Set<string>): Promise<void> {
  for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (keep.has(r)) continue;
    if (isIgnored(r, ignore)) {
      if (e.isDirectory() && mayReinclude(r, ignore)) await prune(root, r, ignore, keep);
      else await rm(join(root, r), { recursive: true, force: true });
    } else if (e.isDirectory()) await prune(root, r, ignore, keep);
  }
}

async function peek(input: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const it = input[Symbol.asyncIterator]();
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value as Buffer);
    size += (r.value as Buffer).length;
  }
  const head = Buffer.concat(chunks);
  const out = new PassThrough({ highWaterMark: 256 << 10 });
  out.write(head);
  if (done) out.end();
  else {
    void (async () => {
      try {
        for (;;) {
          const r = await it.next();
          if (r.done) break;
          if (!out.write(r.value)) await new Promise((res) => out.once('drain', res));
        }
        out.end();
      } catch (err) {
        out.destroy(err as Error);
      }
    })();
  }
  return { head, stream: out };
}
