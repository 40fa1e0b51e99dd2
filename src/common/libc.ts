// libc through koffi (FFI), loaded once for every module that declares functions from it, and only when one of
// them is first called, so CLI code paths never pay for it.
import { createRequire } from 'node:module';

export type LibcFn = (...args: unknown[]) => number;

export interface LibcHandle {
  /** Declares a function from its C prototype. */
  func(signature: string): LibcFn;
}

interface Koffi {
  load(name: string): LibcHandle;
  errno(): number;
}

let loaded: { koffi: Koffi; lib: LibcHandle } | undefined;

function open(): { koffi: Koffi; lib: LibcHandle } {
  if (loaded) return loaded;
  const koffi = createRequire(import.meta.url)('koffi') as Koffi;
  loaded = { koffi, lib: koffi.load('libc.so.6') };
  return loaded;
}

/** The errno the last libc call through koffi left. */
export function lastErrno(): number {
  return open().koffi.errno();
}

/** A getter for the functions `declare` makes: they are declared at the first call and kept. */
export function libcFunctions<T>(declare: (lib: LibcHandle) => T): () => T {
  let fns: T | undefined;
  return () => (fns ??= declare(open().lib));
}
