// Parses `WWW-Authenticate` headers (RFC 7235): one or more challenges, each a scheme and auth-params, e.g.
// `Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"` or `Basic realm="x"`.
// Pure.

export interface Challenge {
  /** Lower-case scheme: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lower-cased, values unquoted. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

export function parseWwwAuthenticate(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const headers = Array.isArray(header) ? header : [header];
  return headers.flatMap(parseOne);
}

function parseOne(input: string): Challenge[] {
  const out: Challenge[] = [];
  let s = input.trim();
  let current: Challenge | undefined;
  while (s.length > 0) {
    s = s.replace(/^[\s,]+/, '');
    const tok = TOKEN.exec(s);
    if (!tok) break;
    const name = tok[0];
    const afterName = s.slice(name.length).replace(/^\s+/, '');
    if (afterName.startsWith('=') && current) {
      // auth-param: name = token / quoted-string
      let rest = afterName.slice(1).replace(/^\s+/, '');
      let value: string;
      if (rest.startsWith('"')) {
        let i = 1;
        value = '';
        while (i < rest.length && rest[i] !== '"') {
          if (rest[i] === '\\' && i + 1 < rest.length) i++;
          value += rest[i];
          i++;
        }
        rest = rest.slice(i + 1);
      } else {
        const m = /^[^,\s]*/.exec(rest)!;
        value = m[0];
        rest = rest.slice(value.length);
      }
      current.params[name.toLowerCase()] = value;
      s = rest;
      continue;
    }
    // A new challenge: scheme [token68 | params].
    current = { scheme: name.toLowerCase(), params: {} };
    out.push(current);
    s = afterName;
  }
  return out;
}
