// Docker's JSON message streams (load, import, pull): one JSON object per line with `stream`, `status` (+`id`,
// `progress`) or `error`/`errorDetail`; shown the way jsonmessage.DisplayJSONMessagesStream does without a TTY.
import type { Readable, Writable } from 'node:stream';

export interface JsonMessage {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: unknown;
}

export class JsonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonMessageError';
  }
}

export function formatMessage(m: JsonMessage): string {
  if (m.stream !== undefined) return m.stream;
  if (m.status === undefined) return '';
  return `${m.id ? `${m.id}: ` : ''}${m.status}${m.progress ? ` ${m.progress}` : ''}\n`;
}

/** Prints the messages as they come; rejects with the first error message. */
export async function displayJsonMessages(source: Readable, out: Writable): Promise<void> {
  let buf = '';
  const handle = (line: string) => {
    if (!line.trim()) return;
    const m = JSON.parse(line) as JsonMessage;
    if (m.error || m.errorDetail?.message) throw new JsonMessageError(m.errorDetail?.message ?? m.error!);
    const text = formatMessage(m);
    if (text) out.write(text);
  };
  for await (const chunk of source) {
    buf += String(chunk);
    let nl: number;
    while ((nl = buf.search(/\r?\n/)) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(buf[nl] === '\r' ? nl + 2 : nl + 1);
      handle(line);
    }
  }
  handle(buf);
}
