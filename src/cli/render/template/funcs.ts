// The functions a --format template can call: Go's text/template builtins and docker's templates.basicFunctions.
import { formatValue, truthy, type FuncMap } from './exec.js';
import { TemplateError } from './lex.js';

function len(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  throw new TemplateError(`error calling len: len of type ${typeof v}`);
}

function index(v: unknown, ...keys: unknown[]): unknown {
  for (const k of keys) {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) {
      if (typeof k !== 'number' || k < 0 || k >= v.length) throw new TemplateError(`error calling index: index out of range: ${String(k)}`);
      v = v[k];
    } else if (typeof v === 'object') {
      // Docker's typed maps (map[string]string: labels, version details) give the zero value for a missing key.
      const rec = v as Record<string, unknown>;
      v = String(k) in rec ? rec[String(k)] : '';
    }
    else throw new TemplateError(`error calling index: can't index item of type ${typeof v}`);
  }
  return v;
}

/** Go's fmt.Sprint: a space between operands when neither side is a string. */
function sprint(...args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** A small fmt.Sprintf: %v %s %d %q %t %%, with an optional width and `-` flag. */
function sprintf(format: unknown, ...args: unknown[]): string {
  let i = 0;
  return String(format).replace(/%(-?)(\d*)([vsdqtf%])/g, (_m, left: string, width: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    let s: string;
    if (verb === 'q') s = JSON.stringify(typeof a === 'string' ? a : formatValue(a));
    else if (verb === 'd') s = typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${typeof a}=${formatValue(a)})`;
    else if (verb === 'f') s = typeof a === 'number' ? a.toFixed(6) : formatValue(a);
    else s = formatValue(a);
    const w = Number(width || 0);
    return left ? s.padEnd(w) : s.padStart(w);
  });
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) throw new TemplateError(`error calling ${op}: incompatible types for comparison`);
  const x = a as number | string;
  const y = b as number | string;
  return op === 'lt' ? x < y : op === 'le' ? x <= y : op === 'gt' ? x > y : x >= y;
}

const str = (v: unknown) => (typeof v === 'string' ? v : formatValue(v));

/** Go's json.Marshal: like JSON.stringify, but <, > and & (and U+2028/9) escaped (docker's `--format json`; the
 * template function `json` does not escape). */
export function goJson(v: unknown): string {
  const s = v === undefined ? 'null' : JSON.stringify(v, (_k, x: unknown) => (x === undefined ? null : x));
  return s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const BUILTIN_FUNCS: FuncMap = {
  and: (...a) => a[a.length - 1],
  or: (...a) => a[a.length - 1],
  not: (a) => !truthy(a),
  len: (v) => len(v),
  index: (v, ...k) => index(v, ...k),
  print: (...a) => sprint(...a),
  printf: (f, ...a) => sprintf(f, ...a),
  println: (...a) => a.map(formatValue).join(' ') + '\n',
  eq: (a, ...bs) => bs.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: (a, b) => compare('lt', a, b),
  le: (a, b) => compare('le', a, b),
  gt: (a, b) => compare('gt', a, b),
  ge: (a, b) => compare('ge', a, b),
  slice: (v, from, to) => (typeof v === 'string' || Array.isArray(v) ? v.slice(Number(from ?? 0), to === undefined ? undefined : Number(to)) : v),
};

/** docker/cli templates.basicFunctions. */
export const DOCKER_FUNCS: FuncMap = {
  ...BUILTIN_FUNCS,
  json: (v) => (v === undefined ? 'null' : JSON.stringify(v, (_k, x: unknown) => (x === undefined ? null : x))),
  split: (s, sep) => str(s).split(str(sep)),
  join: (list, sep) => (Array.isArray(list) ? list.map(str).join(str(sep)) : str(list)),
  title: (s) => str(s).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  lower: (s) => str(s).toLowerCase(),
  upper: (s) => str(s).toUpperCase(),
  pad: (s, prefix, suffix) => (str(s) === '' ? '' : ' '.repeat(Number(prefix)) + str(s) + ' '.repeat(Number(suffix))),
  truncate: (s, n) => (str(s).length < Number(n) ? str(s) : str(s).slice(0, Number(n))),
};

/** docker/cli templates.HeaderFunctions: in a table's header row the functions pass the header text through. */
export const HEADER_FUNCS: FuncMap = {
  ...DOCKER_FUNCS,
  json: () => '',
  split: (s) => s,
  join: (s) => s,
  title: (s) => s,
  lower: (s) => s,
  upper: (s) => s,
  pad: (s) => s,
  truncate: (s) => s,
};
