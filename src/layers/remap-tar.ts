// Rewrites the owners of a tar stream entry by entry (`--userns-remap`: a tree of host IDs becomes the
// container's IDs). Everything else in the headers, PAX records (xattrs) included, and the data pass unchanged.
import { PassThrough, type Readable } from 'node:stream';
import { extract, pack } from 'tar-stream';

export function remapTarIds(input: Readable, map: (uid: number, gid: number) => { uid: number; gid: number }): Readable {
  const ex = extract();
  const p = pack();
  const out = new PassThrough({ highWaterMark: 256 << 10 });
  ex.on('entry', (header, stream, next) => {
    const ids = map(header.uid ?? 0, header.gid ?? 0);
    const dest = p.entry({ ...header, uid: ids.uid, gid: ids.gid }, (err) => (err ? ex.destroy(err) : next()));
    stream.pipe(dest);
  });
  ex.on('finish', () => p.finalize());
  ex.on('error', (err: Error) => out.destroy(err));
  input.on('error', (err: Error) => out.destroy(err));
  p.on('error', (err: Error) => out.destroy(err));
  input.pipe(ex);
  p.pipe(out);
  return out;
}
