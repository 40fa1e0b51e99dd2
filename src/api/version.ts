// Engine API versions: what berthd reports and accepts, and the /vX.Y/ path prefix.
export const API_VERSION = '1.51';
export const MIN_API_VERSION = '1.24';
export const BERTH_VERSION = '0.1.0';

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export interface VersionedPath {
  /** The requested version, or undefined when the path had no /vX.Y prefix (then the server's own applies). */
  version: string | undefined;
  path: string;
}

const PREFIX_RE = /^\/v(\d+\.\d+)(\/.*)$/;

export function splitVersion(path: string): VersionedPath {
  const m = PREFIX_RE.exec(path);
  if (!m) return { version: undefined, path };
  return { version: m[1], path: m[2]! };
}

/** Docker's wording for versions out of range; undefined when the version is acceptable. */
export function versionError(version: string): string | undefined {
  if (compareVersions(version, API_VERSION) > 0) {
    return `client version ${version} is too new. Maximum supported API version is ${API_VERSION}`;
  }
  if (compareVersions(version, MIN_API_VERSION) < 0) {
    return `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`;
  }
  return undefined;
}
