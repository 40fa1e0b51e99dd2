// docker/cli's RAMInBytes: `64m`, `1.5g`, `512KB`, `64MiB`, `1024` -> bytes (binary units). One parser for every
// size flag (run/create, update, build, --mount's tmpfs-size).
import { ExitCodeError } from '../exit-code-error.js';

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Bytes of `s`; throws `invalid size: '…'`. */
export function parseRamBytes(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?$/i.exec(s.trim());
  if (!m) throw new Error(`invalid size: '${s}'`);
  return Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
}

/** The same for flag `--flag`, failing as docker does: exit 125, `invalid argument "…" for "--flag" flag: …`. */
export function ramInBytes(flag: string, s: string): number {
  try {
    return parseRamBytes(s);
  } catch (err) {
    throw new ExitCodeError(125, `invalid argument "${s}" for "--${flag}" flag: ${(err as Error).message}`);
  }
}
