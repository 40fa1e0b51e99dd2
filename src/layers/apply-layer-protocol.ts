// Messages between applyLayerThreaded and its worker (apply-layer-worker.ts).
import type { IdMap } from '../common/id-map.js';
import type { ApplyResult } from './apply-layer.js';

export type ToWorker =
  | { t: 'start'; id: number; root: string; idMap?: IdMap }
  | { t: 'data'; id: number; chunk: Uint8Array }
  | { t: 'end'; id: number }
  | { t: 'abort'; id: number };

export type FromWorker = { t: 'ack'; id: number; bytes: number } | { t: 'done'; id: number; result: ApplyResult } | { t: 'error'; id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  kind?: string;
  code?: string;
  syscall?: string;
  errno?: number;
  path?: string;
}
