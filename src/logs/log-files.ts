// The files of one rotated log: `ctr.log` (live, conmon writes it), then `ctr.log.1` (the newest rotated) …
// `ctr.log.<max-file − 1>` (the oldest), as dockerd's json-file names them. Rotation shifts every kept file up by
// one with renames (each rename replaces its target atomically, so a reader never sees a half-rotated set beyond a
// missing name for a moment) and drops what passes max-file; the writer is then told to reopen its path.
import { readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Rotated files present for `path`, newest first (`.1`, `.2`, …). */
export async function rotatedFiles(path: string): Promise<string[]> {
  const base = basename(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const indices: number[] = [];
  for (const n of names) {
    if (n.length > base.length + 1 && n.startsWith(base) && n[base.length] === '.') {
      const rest = n.slice(base.length + 1);
      if (/^[1-9]\d*$/.test(rest)) indices.push(Number(rest));
    }
  }
  return indices.sort((a, b) => a - b).map((i) => `${path}.${i}`);
}

/**
 * Moves the live file to `.1` (shifting the older ones, dropping any beyond `maxFile − 1`). With `maxFile` 1 the
 * live content is dropped: it is renamed to `.1` and unlinked, so readers holding it open still finish it.
 */
export async function rotateFiles(path: string, maxFile: number): Promise<void> {
  const keep = Math.max(1, maxFile - 1);
  const present = (await rotatedFiles(path)).map((name) => Number(name.slice(path.length + 1)));
  for (const i of present) if (i > keep) await rm(`${path}.${i}`, { force: true }); // left by a larger max-file
  // highest first; each rename replaces the file it lands on (the oldest kept one drops out that way)
  for (const i of present.filter((i) => i < keep).reverse()) await rename(`${path}.${i}`, `${path}.${i + 1}`);
  await rename(path, `${path}.1`);
  if (maxFile === 1) await rm(`${path}.1`, { force: true });
}
