// A container's HostConfig.LogConfig {Type, Config} checked the way dockerd checks it, and turned into what the
// engine does with it: rotation limits for the k8s-file log conmon writes, whether `docker logs` may read it, and
// the extra attributes `docker logs --details` prints. Every driver berth accepts is served by that one file
// (json-file, local and k8s-file differ in dockerd only in their on-disk format).

export type LogDriver = 'k8s-file' | 'json-file' | 'local' | 'none';

export interface LogPolicy {
  driver: LogDriver;
  /** Rotate when the live file reaches this many bytes (undefined: never). */
  maxSize?: number;
  /** Files kept, the live one included (1: the rotated content is dropped). */
  maxFile: number;
  /** `docker logs` may read the log (not with the `none` driver). */
  readable: boolean;
}

/** dockerd's option keys per driver (json-file's ValidateLogOpt; local's). */
const JSON_FILE_OPTS = ['max-file', 'max-size', 'compress', 'labels', 'labels-regex', 'env', 'env-regex', 'tag'];
const LOCAL_OPTS = ['max-file', 'max-size', 'compress'];
/** The local driver's defaults in dockerd (used when its options are not given). */
const LOCAL_DEFAULTS = { maxSize: 20 * 1024 * 1024, maxFile: 5 };
/** `none` keeps no log for `docker logs`; the file attach reads from stays small. */
const NONE_LIMITS = { maxSize: 1024 * 1024, maxFile: 1 };

export class LogConfigError extends Error {}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** go-units' RAMInBytes (what dockerd parses max-size with): `10m`, `1.5g`, `512KB`, `64MiB`, `1024`. */
export function ramInBytes(s: string): number {
  const m = /^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$/i.exec(s);
  if (!m || m[1]!.split('.').length > 2) throw new LogConfigError(`invalid size: '${s}'`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]!);
}

/** Go's strconv.ParseBool. */
function parseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new LogConfigError(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`);
}

/** Go's strconv.Atoi (decimal, optional sign). */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new LogConfigError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

const initError = (msg: string) => new LogConfigError(`failed to initialize logging driver: ${msg}`);

/**
 * The policy of a LogConfig, or a LogConfigError with dockerd's wording: an unknown driver or option key as at
 * create, a bad value as when dockerd starts the logger (`failed to initialize logging driver: …`).
 */
export function logPolicy(type: string | undefined, config: Record<string, string> | null | undefined, defaultDriver: LogDriver = 'k8s-file'): LogPolicy {
  const driver = (type || defaultDriver) as LogDriver;
  const opts = config ?? {};
  const keys = Object.keys(opts);
  if (driver === 'none') {
    if (keys.length) throw new LogConfigError('invalid logging opts for driver none');
    return { driver, ...NONE_LIMITS, readable: false };
  }
  if (driver !== 'json-file' && driver !== 'k8s-file' && driver !== 'local') {
    throw new LogConfigError(`error looking up logging plugin ${driver}: plugin "${driver}" not found`);
  }
  const allowed = driver === 'local' ? LOCAL_OPTS : JSON_FILE_OPTS;
  for (const k of keys) {
    if (!allowed.includes(k)) {
      throw new LogConfigError(driver === 'local' ? `unknown log opt '${k}' for log driver local` : `unknown log opt '${k}' for ${driver} log driver`);
    }
  }
  if (driver === 'local') return localPolicy(opts);
  let maxSize: number | undefined;
  if (opts['max-size'] !== undefined) {
    try {
      maxSize = ramInBytes(opts['max-size']);
    } catch (err) {
      throw initError((err as Error).message);
    }
    if (maxSize <= 0) throw initError('max-size must be a positive number');
  }
  let maxFile = 1;
  if (opts['max-file'] !== undefined) {
    try {
      maxFile = atoi(opts['max-file']);
    } catch (err) {
      throw initError((err as Error).message);
    }
    if (maxFile < 1) throw initError('max-file cannot be less than 1');
  }
  if (opts.compress !== undefined) {
    let compress: boolean;
    try {
      compress = parseBool(opts.compress);
    } catch (err) {
      throw initError((err as Error).message);
    }
    if (compress && (maxFile === 1 || maxSize === undefined)) throw initError('compress cannot be true when max-file is less than 2 or max-size is not set');
  }
  return { driver, maxSize, maxFile, readable: true };
}

function localPolicy(opts: Record<string, string>): LogPolicy {
  let maxSize = LOCAL_DEFAULTS.maxSize;
  let maxFile = LOCAL_DEFAULTS.maxFile;
  if (opts['max-size'] !== undefined) {
    try {
      maxSize = ramInBytes(opts['max-size']);
    } catch (err) {
      throw initError(`invalid value for max-size: ${opts['max-size']}: ${(err as Error).message}`);
    }
  }
  if (opts['max-file'] !== undefined) {
    try {
      maxFile = atoi(opts['max-file']);
    } catch (err) {
      throw initError(`invalid value for max-file: ${opts['max-file']}: ${(err as Error).message}`);
    }
    if (maxFile < 1) throw initError('max-file cannot be less than 1');
  }
  if (opts.compress !== undefined) {
    try {
      parseBool(opts.compress);
    } catch (err) {
      throw initError(`invalid value for compress: ${opts.compress}: ${(err as Error).message}`);
    }
  }
  return { driver: 'local', maxSize: maxSize > 0 ? maxSize : undefined, maxFile, readable: true };
}
