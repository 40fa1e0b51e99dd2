// sha256 digests in the OCI form `sha256:<64 hex>`.
import { createHash } from 'node:crypto';

export type Digest = `sha256:${string}`;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function isDigest(value: string): value is Digest {
  return DIGEST_RE.test(value);
}
export function sha256(data: string | Uint8Array): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
export function digestHex(d: string): string {
  return d.startsWith('sha256:') ? d.slice(7) : d;
}
