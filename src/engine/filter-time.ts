// Times in `until=` / `since=` filters, as docker accepts them: unix seconds (with fraction), RFC 3339 dates, or a
// Go duration (`10m`, `1h30m`, `2.5s`) meaning that long before now. Returns milliseconds since the epoch.
import { invalidArgument } from '../errors.js';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseFilterTime(value: string, now = Date.now()): number {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  if (/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v)) {
    let ms = 0;
    for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
    return now - ms;
  }
  if (/^\d{4}-\d\d-\d\d/.test(v)) {
    const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
    if (!Number.isNaN(t)) return t;
  }
  throw invalidArgument(`failed to parse value as time or duration: "${value}"`);
}
