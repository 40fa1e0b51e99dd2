// docker update's flag values: sizes (`64m`, `1g`; binary units as docker's RAMInBytes), CPUs (`0.5`), restart
// policies (`on-failure:3`). Pure.

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** `64m` → 67108864; `-1` stays -1 (unlimited swap). */
export function parseBytes(v: string): number {
  if (v === '-1') return -1;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?$/i.exec(v.trim());
  if (!m) throw new Error(`invalid size: '${v}'`);
  return Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
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
