// Streams a pull's or push's progress messages in Docker's JSON-lines form. Nothing is sent until the operation
// has got past its first checks (the registry answered, the manifest resolved): a failure before then is a plain
// HTTP error (`Error response from daemon: …`); after it, the error goes in-band as docker does.
import type { Writable } from 'node:stream';
import type { Exchange } from '../exchange.js';
import type { ProgressMessage, ProgressSink } from '../../engine/images/progress.js';
import { errorResponse } from '../middleware/errors.js';

export async function streamProgress(x: Exchange, run: (sink: ProgressSink) => Promise<void>, startsStream: (m: ProgressMessage) => boolean): Promise<void> {
  const pending: ProgressMessage[] = [];
  let out: Writable | undefined;
  const write = (m: ProgressMessage) => {
    if (!out!.writableEnded && !out!.destroyed) out!.write(JSON.stringify(m) + '\r\n');
  };
  const sink: ProgressSink = (m) => {
    if (!out && !startsStream(m)) {
      pending.push(m);
      return;
    }
    if (!out) {
      out = x.stream(200, 'application/json');
      for (const p of pending.splice(0)) write(p);
    }
    write(m);
  };
  try {
    await run(sink);
  } catch (err) {
    if (!out) throw err;
    const { message } = errorResponse(err);
    out.write(JSON.stringify({ errorDetail: { message }, error: message }) + '\r\n');
  }
  if (!out) {
    out = x.stream(200, 'application/json');
    for (const p of pending.splice(0)) write(p);
  }
  out.end();
}
