// Docker's detach keys: `ctrl-p,ctrl-q` (the default) or any comma list of single characters and `ctrl-<x>`
// (x in a-z, @, [, \, ], ^, _). Typed input is watched for the sequence (by the CLI, and by the daemon for API
// clients that leave it to the server): bytes that could start it are held back, passed on when the sequence
// breaks, and the whole sequence detaches (nothing of it is sent).
export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** The byte sequence; throws docker's message for a bad spec. */
export function parseDetachKeys(spec: string): Buffer {
  const out: number[] = [];
  for (const key of spec.split(',')) {
    const k = key.trim();
    if (k.length > 1 && k.toLowerCase().startsWith('ctrl-')) {
      const c = k.slice(5).toLowerCase();
      if (c.length === 1 && c >= 'a' && c <= 'z') out.push(c.charCodeAt(0) - 'a'.charCodeAt(0) + 1);
      else if (c.length === 1 && '@[\\]^_'.includes(c)) out.push(c.charCodeAt(0) - '@'.charCodeAt(0));
      else throw new Error(`Unknown character: '${k.slice(5)}'`);
    } else if (k.length === 1) out.push(k.charCodeAt(0));
    else throw new Error(`Unknown character: '${k}'`);
  }
  return Buffer.from(out);
}

/** Filters typed input: `push` returns what to send on, and `detached` turns true once the sequence was typed. */
export class DetachWatcher {
  #held = 0;
  detached = false;

  constructor(readonly keys: Buffer) {}

  push(chunk: Buffer): Buffer {
    const out: number[] = [];
    for (const b of chunk) {
      if (this.detached) break;
      if (b === this.keys[this.#held]) {
        this.#held++;
        if (this.#held === this.keys.length) this.detached = true;
        continue;
      }
      // the sequence broke: what was held back goes out, and this byte may start it again
      for (let i = 0; i < this.#held; i++) out.push(this.keys[i]!);
      this.#held = 0;
      if (b === this.keys[0]) {
        this.#held = 1;
        if (this.keys.length === 1) this.detached = true;
      } else out.push(b);
    }
    return Buffer.from(out);
  }
}
