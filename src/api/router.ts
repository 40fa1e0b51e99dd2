// A small method + path router. `:name` matches one segment, `*name` one or more (image names contain slashes,
// as moby's `{name:.*}`). Routes are tried in registration order.
import type { Exchange } from './exchange.js';

export type Handler = (x: Exchange) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

export class Router {
  #routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '([^/]+)';
        }
        if (seg.startsWith('*')) {
          names.push(seg.slice(1));
          return '(.+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.#routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }
  get(path: string, h: Handler) { return this.add('GET', path, h); }
  post(path: string, h: Handler) { return this.add('POST', path, h); }
  put(path: string, h: Handler) { return this.add('PUT', path, h); }
  delete(path: string, h: Handler) { return this.add('DELETE', path, h); }
  head(path: string, h: Handler) { return this.add('HEAD', path, h); }

  /** The handler and decoded params, or `undefined` (404) / `'method'` when only the method differs. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined | 'method' {
    let pathMatched = false;
    for (const r of this.#routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { handler: r.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}
