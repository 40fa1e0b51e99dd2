// Small text helpers docker's formatters use: 12-char IDs, Ellipsis, strconv.Quote, Go's time.Time.String().
import { humanDuration } from '../../common/human-duration.js';

/** stringid.TruncateID: drop an algorithm prefix and keep 12 characters. */
export function truncateId(id: string): string {
  const i = id.indexOf(':');
  return (i >= 0 ? id.slice(i + 1) : id).slice(0, 12);
}

/** formatter.Ellipsis for single-width text: at most `max` characters, the last one "…" when cut. */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return '';
  const chars = [...s];
  if (max === 1) return chars[0] ?? '';
  if (chars.length <= max) return s;
  return chars.slice(0, max - 1).join('') + '…';
}

/** Go's strconv.Quote (printable Unicode is kept; control characters are escaped). */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-7][0-9a-f])/g, (_m, hex: string) => {
    const c = parseInt(hex, 16);
    return c === 7 ? '\\a' : c === 11 ? '\\v' : `\\x${hex}`;
  });
}

/** "2 minutes ago", from a unix time in seconds (docker's RunningFor / CreatedSince). */
export function timeAgo(unixSeconds: number, now = Date.now()): string {
  return `${humanDuration(now - unixSeconds * 1000)} ago`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Go's time.RFC3339 in the local zone: "2024-05-01T10:00:00Z" or "…+02:00". */
export function rfc3339(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`;
}

/** Go's time.Time.String() in the local zone, without the monotonic part: "2024-05-01 10:00:00 +0200 CEST". */
export function goTimeString(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const zone = off === 0 ? 'UTC' : (new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '');
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)} ${zone}`
  );
}
