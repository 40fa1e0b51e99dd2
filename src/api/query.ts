// Query-string readers with Docker's parsing rules (moby's httputils.BoolValue, Int64ValueOrZero, filters).
import { invalidArgument } from '../errors.js';
import { parseFilterTime } from '../engine/filter-time.js';

/** Docker: "", "0", "no", "false", "none" (any case) are false; anything else present is true. */
export function queryBool(q: URLSearchParams, name: string, fallback = false): boolean {
  const v = q.get(name);
  if (v === null) return fallback;
  return !['', '0', 'no', 'false', 'none'].includes(v.trim().toLowerCase());
}

export function queryInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw invalidArgument(`invalid value for ${name}: ${v}`);
  return n;
}

export type Filters = Record<string, string[]>;

/**
 * The `filters` parameter: `{"label":{"a=b":true}}` (current) or `{"label":["a=b"]}` (legacy).
 * Unknown keys are the caller's to refuse (with `checkFilterKeys`).
 */
export function parseFilters(raw: string | null): Filters {
  if (raw === null || raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw invalidArgument(`invalid filter: ${(err as Error).message}`, { cause: err });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidArgument('invalid filter: not an object');
  const out: Filters = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v && typeof v === 'object') out[k] = Object.entries(v).filter(([, on]) => on).map(([term]) => term);
    else throw invalidArgument(`invalid filter '${k}'`);
  }
  return out;
}

export function checkFilterKeys(filters: Filters, allowed: readonly string[]): void {
  for (const k of Object.keys(filters)) {
    if (!allowed.includes(k)) throw invalidArgument(`invalid filter '${k}'`);
  }
}

/** `since`/`until` (logs, events): unix seconds, RFC 3339 or a duration before now, in unix seconds; "" and "0" are unset. */
export function queryTime(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '' || v === '0') return undefined;
  return parseFilterTime(v) / 1000;
}
