// Random 64-hex identifiers (containers, execs) and their 12-character short form.
import { randomBytes } from 'node:crypto';

export function newId(): string {
  // Docker never hands out an ID that is all digits (it would be ambiguous with a short numeric ID in some tools).
  for (;;) {
    const id = randomBytes(32).toString('hex');
    if (!/^\d+$/.test(id.slice(0, 12))) return id;
  }
}
export function shortId(id: string): string {
  return (id.startsWith('sha256:') ? id.slice(7) : id).slice(0, 12);
}
