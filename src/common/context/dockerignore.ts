// `.dockerignore`: Docker's pattern rules. One pattern a line, `#` comments, `!` re-includes, the last matching
// pattern wins; `*` and `?` stay within a path component, `**` spans any number of them; a pattern that matches a
// directory matches everything below it. Shared by the CLI (which filters the context it sends) and the daemon
// (which filters what a raw API client sent). Pure.

export interface IgnorePattern {
  negate: boolean;
  re: RegExp;
  source: string;
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (line.startsWith('#')) continue;
    line = line.trim();
    if (line === '') continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1).trim();
    }
    const cleaned = cleanPath(line);
    if (cleaned === '') continue;
    out.push({ negate, re: patternToRegExp(cleaned), source: cleaned });
  }
  return out;
}

/** filepath.Clean, with leading `/` and `./` dropped. */
export function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

export function patternToRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith('^') || cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]!);
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$');
}

function escapeRe(c: string): string {
  return c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
}

/** True when `path` (relative to the context root, `/`-separated) is excluded. */
export function isIgnored(path: string, patterns: readonly IgnorePattern[]): boolean {
  if (patterns.length === 0) return false;
  const p = cleanPath(path);
  const parents: string[] = [];
  const parts = p.split('/');
  for (let i = 1; i < parts.length; i++) parents.push(parts.slice(0, i).join('/'));
  let ignored = false;
  for (const pat of patterns) {
    if (pat.negate !== ignored) continue; // cannot change the outcome
    if (pat.re.test(p) || parents.some((d) => pat.re.test(d))) ignored = !pat.negate;
  }
  return ignored;
}

/**
 * Whether a walk must still descend into an excluded directory: some `!` pattern could re-include something below.
 */
export function mayReinclude(dir: string, patterns: readonly IgnorePattern[]): boolean {
  const d = cleanPath(dir);
  return patterns.some((p) => p.negate && (p.source.startsWith(`${d}/`) || p.source.includes('*') || p.source.includes('?') || p.source.includes('[')));
}
