// The extra attributes dockerd attaches to every log line of a container (json-file's ExtraAttributes plus `tag`)
// and the prefix `docker logs --details` prints with them: `k=v,k2=v2 ` sorted by key, keys and values
// query-escaped; a single space when there are none.

export interface LogAttributeSource {
  /** The LogConfig options (`labels`, `labels-regex`, `env`, `env-regex`, `tag`). */
  opts: Record<string, string>;
  labels: Record<string, string>;
  /** `KEY=value` as in Config.Env. */
  env: string[];
  id: string;
  name: string;
  imageName: string;
  imageId: string;
}

const list = (s: string | undefined) => (s ? s.split(',').filter((x) => x !== '') : []);

export function logAttributes(src: LogAttributeSource): Record<string, string> {
  const out: Record<string, string> = {};
  const { opts, labels } = src;
  for (const k of list(opts.labels)) if (Object.hasOwn(labels, k)) out[k] = labels[k]!;
  if (opts['labels-regex']) {
    const re = new RegExp(opts['labels-regex']);
    for (const [k, v] of Object.entries(labels)) if (re.test(k)) out[k] = v;
  }
  const env = new Map<string, string>();
  for (const e of src.env) {
    const eq = e.indexOf('=');
    if (eq > 0) env.set(e.slice(0, eq), e.slice(eq + 1));
  }
  for (const k of list(opts.env)) if (env.has(k)) out[k] = env.get(k)!;
  if (opts['env-regex']) {
    const re = new RegExp(opts['env-regex']);
    for (const [k, v] of env) if (re.test(k)) out[k] = v;
  }
  if (opts.tag) out.tag = expandTag(opts.tag, src);
  return out;
}

/** The tag template's fields (dockerd's logger.Info methods); anything else is left as written. */
function expandTag(tag: string, src: LogAttributeSource): string {
  const hex = (s: string) => s.replace(/^sha256:/, '');
  const fields: Record<string, string> = {
    ID: src.id.slice(0, 12),
    FullID: src.id,
    Name: src.name.replace(/^\//, ''),
    ImageName: src.imageName,
    ImageID: hex(src.imageId).slice(0, 12),
    ImageFullID: src.imageId,
    DaemonName: 'docker',
  };
  return tag.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (whole, f: string) => fields[f] ?? whole);
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

/** The `--details` prefix: `k=v,k2=v2 ` (sorted by key), or ` ` without attributes. */
export function detailsPrefix(attrs: Record<string, string>): string {
  const keys = Object.keys(attrs).sort();
  return `${keys.map((k) => `${queryEscape(k)}=${queryEscape(attrs[k]!)}`).join(',')} `;
}
