// Build contexts for the build tests: a directory under the test's temp dir filled from a map of files.
import { mkdir, writeFile, symlink, mkdtemp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

export type Files = Record<string, string | Buffer | { symlink: string } | { mode: number; content: string }>;

export async function makeContext(files: Files): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-build-ctx-'));
  for (const [name, v] of Object.entries(files)) {
    const p = join(dir, name);
    await mkdir(dirname(p), { recursive: true });
    if (typeof v === 'string' || Buffer.isBuffer(v)) await writeFile(p, v);
    else if ('symlink' in v) await symlink(v.symlink, p);
    else await writeFile(p, v.content, { mode: v.mode });
  }
  return dir;
}

/** `docker build` with the classic builder. */
export const classic = { DOCKER_BUILDKIT: '0' };

/** A tar of the given files (via tar-stream), for ADD and `docker build -` cases. */
export async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const { pack } = await import('tar-stream');
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const [name, content] of Object.entries(files)) p.entry({ name, mode: 0o644 }, content);
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}
