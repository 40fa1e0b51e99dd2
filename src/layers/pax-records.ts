// PAX extended-header records with their values kept byte-exact. tar-stream decodes every record as UTF-8, which
// mangles binary xattr values (`SCHILY.xattr.security.capability` of a file with cap_setuid holds 0x80 bytes), so
// the extractor's long-header decoding is replaced on the instance: xattr values become latin1 strings (one char
// per byte, `Buffer.from(v, 'latin1')` gives the bytes back); the other records stay UTF-8 text (paths).
// tar-stream is pinned by the binary-xattr test in test/integration/layers: if its internals change, it fails.
import type { Extract } from 'tar-stream';

export const XATTR_PREFIX = 'SCHILY.xattr.';

/** Parses `<len> <key>=<value>\n` records; malformed input ends the parse, as tar-stream does. */
export function decodePaxRecords(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = buf;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    if (space <= 0) break;
    const len = Number.parseInt(rest.subarray(0, space).toString('latin1'), 10);
    if (!Number.isInteger(len) || len <= space + 1 || len > rest.length) break;
    const record = rest.subarray(space + 1, len - 1); // without the trailing newline
    const eq = record.indexOf(0x3d);
    if (eq < 0) break;
    const key = record.subarray(0, eq).toString('utf8');
    const raw = record.subarray(eq + 1);
    out[key] = key.startsWith(XATTR_PREFIX) ? raw.toString('latin1') : raw.toString('utf8');
    rest = rest.subarray(len);
  }
  return out;
}

interface ExtractInternals {
  _header: { type: string } | null;
  _pax: Record<string, string> | null;
  _paxGlobal: Record<string, string> | null;
  _decodeLongHeader(buf: Buffer): void;
}

/** Makes `ex` decode PAX headers with `decodePaxRecords` (see above). Returns `ex`. */
export function withBinaryPax<T extends Extract>(ex: T): T {
  const inner = ex as unknown as ExtractInternals;
  const original = inner._decodeLongHeader;
  if (typeof original !== 'function') throw new Error('tar-stream internals changed: _decodeLongHeader is gone');
  inner._decodeLongHeader = function (this: ExtractInternals, buf: Buffer) {
    const type = this._header?.type;
    if (type === 'pax-global-header') this._paxGlobal = decodePaxRecords(buf);
    else if (type === 'pax-header') this._pax = { ...(this._paxGlobal ?? {}), ...decodePaxRecords(buf) };
    else original.call(this, buf);
  };
  return ex;
}

/** The raw bytes of an xattr value as `decodePaxRecords` kept it. */
export function xattrValue(value: string): Buffer {
  return Buffer.from(value, 'latin1');
}
