// docker update's flag values: sizes (`64m`, `1g`; binary units as docker's RAMInBytes), CPUs (`0.5`), restart
// policies (`on-failure:3`). Pure.
import { parseRamBytes } from '../../flags/ram-in-bytes.js';

/** `64m` → 67108864; `-1` stays -1 (unlimited swap). */
export function parseBytes(v: string): number {
  return v === '-1' ? -1 : parseRamBytes(v);
}

export function parseNanoCpus(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`failed to parse ${v} as a rational number`);
  return Math.round(n * 1e9);
}

export function parseRestartPolicy(v: string): { Name: string; MaximumRetryCount: number } {
  const [name = '', count] = v.split(':');
  if (count !== undefined && !/^\d+$/.test(count)) throw new Error(`invalid restart policy format: maximum retry count must be an integer`);
  return { Name: name, MaximumRetryCount: count === undefined ? 0 : Number(count) };
}
