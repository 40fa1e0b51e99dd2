// Lexer for the Go text/template subset the docker CLI's --format uses: text, {{actions}} with `{{-`/`-}}`
// trimming, comments, fields, variables, strings, numbers, pipes, parentheses and declarations.

export type TokenType =
  | 'text' | 'open' | 'close' | 'field' | 'var' | 'ident' | 'string' | 'number' | 'bool' | 'nil'
  | 'dot' | 'pipe' | 'lparen' | 'rparen' | 'declare' | 'assign' | 'comma';

export interface Token {
  type: TokenType;
  value: string;
  pos: number;
  /** Whitespace came before the token (inside an action): Go needs it between a command's operands. */
  spaced?: boolean;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const IDENT_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
const FIELD_RE = /(\.[A-Za-z_][A-Za-z0-9_]*)+/y;
const NUMBER_RE = /[-+]?(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+)/y;

function lineOf(src: string, pos: number): number {
  return src.slice(0, pos).split('\n').length;
}

function readString(src: string, i: number): [string, number] {
  const quote = src[i]!;
  let j = i + 1;
  if (quote === '`') {
    const end = src.indexOf('`', j);
    if (end < 0) throw new TemplateError(`template: :${lineOf(src, i)}: unterminated raw quoted string`);
    return [src.slice(j, end), end + 1];
  }
  while (j < src.length && src[j] !== '"') {
    if (src[j] === '\\') j++;
    if (src[j] === '\n' || j >= src.length) break;
    j++;
  }
  if (src[j] !== '"') throw new TemplateError(`template: :${lineOf(src, i)}: unterminated quoted string`);
  return [JSON.parse(src.slice(i, j + 1).replace(/\\'/g, "'").replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as string, j + 1];
}

export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      tokens.push({ type: 'text', value: src.slice(i), pos: i });
      break;
    }
    let text = src.slice(i, open);
    let j = open + 2;
    const trimLeft = src[j] === '-' && /\s/.test(src[j + 1] ?? '');
    if (trimLeft) {
      text = text.replace(/\s+$/, '');
      j += 1;
    }
    if (text) tokens.push({ type: 'text', value: text, pos: i });
    // comment
    const afterSpace = src.slice(j).match(/^\s*/)![0].length;
    if (src.startsWith('/*', j + afterSpace)) {
      const end = src.indexOf('*/', j + afterSpace + 2);
      if (end < 0) throw new TemplateError(`template: :${lineOf(src, open)}: unclosed comment`);
      const close = src.indexOf('}}', end + 2);
      if (close < 0) throw new TemplateError(`template: :${lineOf(src, open)}: unclosed action`);
      i = close + 2;
      if (src[close - 1] === '-' && /\s/.test(src[close - 2] ?? '')) i = skipSpace(src, i);
      continue;
    }
    tokens.push({ type: 'open', value: '{{', pos: open });
    i = lexAction(src, j, tokens);
  }
  return tokens;
}

function skipSpace(src: string, i: number): number {
  while (i < src.length && /\s/.test(src[i]!)) i++;
  return i;
}

/** Lexes inside {{ }} from `i`; returns the position after the closing braces (and after trimmed space). */
function lexAction(src: string, i: number, tokens: Token[]): number {
  let spaced = false;
  for (;;) {
    const count = tokens.length;
    if (i >= src.length) throw new TemplateError(`template: :${lineOf(src, i)}: unclosed action`);
    const c = src[i]!;
    if (/\s/.test(c)) {
      if (src.startsWith('-}}', i + 1)) {
        tokens.push({ type: 'close', value: '}}', pos: i });
        return skipSpace(src, i + 4);
      }
      i++;
      spaced = true;
      continue;
    }
    if (src.startsWith('}}', i)) {
      tokens.push({ type: 'close', value: '}}', pos: i });
      return i + 2;
    }
    const at = (type: TokenType, value: string, len = value.length) => {
      tokens.push({ type, value, pos: i });
      i += len;
    };
    if (c === '|') at('pipe', '|');
    else if (c === '(') at('lparen', '(');
    else if (c === ')') {
      at('rparen', ')');
      FIELD_RE.lastIndex = i;
      const m = FIELD_RE.exec(src);
      if (m) at('field', m[0]);
    } else if (c === ',') at('comma', ',');
    else if (src.startsWith(':=', i)) at('declare', ':=');
    else if (c === '=') at('assign', '=');
    else if (c === '"' || c === '`') {
      const [value, end] = readString(src, i);
      tokens.push({ type: 'string', value, pos: i });
      i = end;
    } else if (c === '$') {
      IDENT_RE.lastIndex = i + 1;
      const m = IDENT_RE.exec(src);
      const name = '$' + (m && m.index === i + 1 ? m[0] : '');
      at('var', name);
      FIELD_RE.lastIndex = i;
      const f = FIELD_RE.exec(src);
      if (f && f.index === i) at('field', f[0]);
    } else if (c === '.') {
      FIELD_RE.lastIndex = i;
      const m = FIELD_RE.exec(src);
      if (m && m.index === i) at('field', m[0]);
      else if (/\d/.test(src[i + 1] ?? '')) {
        NUMBER_RE.lastIndex = i;
        at('number', NUMBER_RE.exec(src)![0]);
      } else at('dot', '.');
    } else if (/[-+\d]/.test(c)) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(src);
      if (!m || m.index !== i) throw new TemplateError(`template: :${lineOf(src, i)}: bad number syntax: "${c}"`);
      at('number', m[0]);
    } else if (/[A-Za-z_]/.test(c)) {
      IDENT_RE.lastIndex = i;
      const word = IDENT_RE.exec(src)![0];
      if (word === 'true' || word === 'false') at('bool', word);
      else if (word === 'nil') at('nil', word);
      else at('ident', word);
    } else throw new TemplateError(`template: :${lineOf(src, i)}: unexpected "${c}" in command`);
    if (spaced && tokens.length > count) tokens[count]!.spaced = true;
    spaced = false;
  }
}
