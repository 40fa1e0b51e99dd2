// Variable substitution and word splitting in Dockerfile arguments, as Docker's shell lexer does them: `$VAR`,
// `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`, quotes (single quotes
// stop expansion, double quotes keep it) and the escape character. Pure.
import { invalidArgument } from '../../errors.js';

export type Env = ReadonlyMap<string, string>;

export function envMap(list: readonly string[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of list ?? []) {
    const i = e.indexOf('=');
    if (i < 0) m.set(e, '');
    else m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

interface LexOptions {
  escape: string;
  /** Split on unquoted whitespace (ENV/LABEL key=value lists, EXPOSE, VOLUME). */
  split: boolean;
}

/** One word: quotes removed, variables expanded, no splitting. */
export function processWord(input: string, env: Env, escape = '\\'): string {
  return lex(input, env, { escape, split: false })[0] ?? '';
}

/** Words: split on unquoted whitespace, quotes removed, variables expanded. */
export function processWords(input: string, env: Env, escape = '\\'): string[] {
  return lex(input, env, { escape, split: true });
}

function lex(input: string, env: Env, o: LexOptions): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const s = input;
  const flush = () => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (o.split && /\s/.test(c)) {
      flush();
      i++;
      continue;
    }
    inWord = true;
    if (c === o.escape) {
      if (i + 1 < s.length) cur += s[i + 1];
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw invalidArgument('unexpected end of statement while looking for matching single-quote');
      cur += s.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < s.length) {
        const d = s[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === o.escape && i + 1 < s.length) {
          const n = s[i + 1]!;
          // Inside double quotes the escape only escapes `"`, `$` and itself (as in sh).
          if (n === '"' || n === '$' || n === o.escape) {
            cur += n;
            i += 2;
            continue;
          }
          cur += d;
          i++;
          continue;
        }
        if (d === '$') {
          const r = expand(s, i, env, o.escape);
          cur += r.value;
          i = r.next;
          continue;
        }
        cur += d;
        i++;
      }
      if (!closed) throw invalidArgument('unexpected end of statement while looking for matching double-quote');
      continue;
    }
    if (c === '$') {
      const r = expand(s, i, env, o.escape);
      cur += r.value;
      i = r.next;
      continue;
    }
    cur += c;
    i++;
  }
  flush();
  if (!o.split && words.length === 0) words.push('');
  return words;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Expands the `$` at `at`; returns the value and the index after the reference. */
function expand(s: string, at: number, env: Env, escape: string): { value: string; next: number } {
  const rest = s.slice(at + 1);
  if (rest.startsWith('{')) {
    const close = matchingBrace(s, at + 1);
    if (close < 0) throw invalidArgument(`missing '}' in '${s}'`);
    const body = s.slice(at + 2, close);
    const name = NAME.exec(body)?.[0] ?? /^[0-9]+|^[*#@?$!-]/.exec(body)?.[0];
    if (!name) throw invalidArgument(`bad substitution: ${s}`);
    const op = body.slice(name.length);
    const set = env.has(name);
    const value = env.get(name) ?? '';
    const word = (w: string) => processWord(w, env, escape);
    let out: string;
    if (op === '') out = value;
    else if (op.startsWith(':-')) out = set && value !== '' ? value : word(op.slice(2));
    else if (op.startsWith('-')) out = set ? value : word(op.slice(1));
    else if (op.startsWith(':+')) out = set && value !== '' ? word(op.slice(2)) : '';
    else if (op.startsWith('+')) out = set ? word(op.slice(1)) : '';
    else if (op.startsWith(':?') || op.startsWith('?')) {
      const msg = op.slice(op.startsWith(':?') ? 2 : 1);
      if (!set || (op.startsWith(':?') && value === '')) throw invalidArgument(`${name}: ${msg || 'is not allowed to be unset'}`);
      out = value;
    } else throw invalidArgument(`unsupported modifier (${op[0]}) in substitution`);
    return { value: out, next: close + 1 };
  }
  const name = NAME.exec(rest)?.[0];
  if (!name) return { value: '$', next: at + 1 };
  return { value: env.get(name) ?? '', next: at + 1 + name.length };
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
