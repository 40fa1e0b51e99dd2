// Parser: tokens -> a tree of text, actions, if/range/with blocks and pipelines (Go's text/template/parse).
import { lex, TemplateError, type Token } from './lex.js';

export type Arg =
  | { kind: 'field'; base: Arg | undefined; names: string[]; pos?: number; text?: string } // base undefined: on dot
  | { kind: 'var'; name: string; names: string[]; pos?: number; text?: string }
  | { kind: 'dot' }
  | { kind: 'ident'; name: string }
  | { kind: 'literal'; value: unknown }
  | { kind: 'pipe'; pipe: Pipeline };

export interface Command {
  args: Arg[];
}

export interface Pipeline {
  decl: string[];
  /** `=` instead of `:=`. */
  assign: boolean;
  cmds: Command[];
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with' | 'range'; pipe: Pipeline; list: Node[]; elseList: Node[] | undefined };

type End = 'end' | 'else' | 'eof';

class Parser {
  #i = 0;
  constructor(readonly tokens: Token[]) {}

  #peek(): Token | undefined {
    return this.tokens[this.#i];
  }
  #next(): Token {
    const t = this.tokens[this.#i++];
    if (!t) throw new TemplateError('template: :1: unexpected EOF');
    return t;
  }
  #expect(type: Token['type']): Token {
    const t = this.#next();
    if (t.type !== type) throw new TemplateError(`template: :1: unexpected "${t.value}" in ${type === 'close' ? 'command' : 'operand'}`);
    return t;
  }

  /** Nodes until {{end}}, {{else}} or the end of input; tells which ended the list. */
  list(): { nodes: Node[]; end: End } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.#peek();
      if (!t) return { nodes, end: 'eof' };
      this.#i++;
      if (t.type === 'text') {
        nodes.push({ kind: 'text', text: t.value });
        continue;
      }
      const head = this.#peek();
      if (head?.type === 'ident' && ['if', 'with', 'range'].includes(head.value)) {
        this.#i++;
        nodes.push(this.block(head.value as 'if' | 'with' | 'range'));
        continue;
      }
      if (head?.type === 'ident' && head.value === 'end') {
        this.#i++;
        this.#expect('close');
        return { nodes, end: 'end' };
      }
      if (head?.type === 'ident' && head.value === 'else') {
        this.#i++;
        return { nodes, end: 'else' };
      }
      nodes.push({ kind: 'action', pipe: this.pipeline('close') });
    }
  }

  block(kind: 'if' | 'with' | 'range'): Node {
    const pipe = this.pipeline('close');
    const body = this.list();
    if (body.end === 'eof') throw new TemplateError(`template: :1: unexpected EOF`);
    let elseList: Node[] | undefined;
    if (body.end === 'else') {
      const t = this.#peek();
      if (t?.type === 'ident' && (t.value === 'if' || t.value === 'with') && kind !== 'range') {
        // {{else if …}} is {{else}}{{if …}}…{{end}}{{end}} sharing the one {{end}}
        this.#i++;
        elseList = [this.block(t.value as 'if' | 'with')];
      } else {
        this.#expect('close');
        const rest = this.list();
        if (rest.end !== 'end') throw new TemplateError(`template: :1: expected end; found ${rest.end === 'eof' ? 'EOF' : '{{else}}'}`);
        elseList = rest.nodes;
      }
    }
    return { kind, pipe, list: body.nodes, elseList };
  }

  pipeline(until: 'close' | 'rparen'): Pipeline {
    const pipe: Pipeline = { decl: [], assign: false, cmds: [] };
    // declarations: $x := / $i, $v := / $x =
    const save = this.#i;
    const vars: string[] = [];
    while (this.#peek()?.type === 'var' && this.tokens[this.#i + 1]?.type !== 'field') {
      vars.push(this.#next().value);
      const t = this.#peek();
      if (t?.type === 'comma') {
        this.#i++;
        continue;
      }
      if (t?.type === 'declare' || t?.type === 'assign') {
        this.#i++;
        pipe.decl = vars;
        pipe.assign = t.type === 'assign';
      }
      break;
    }
    if (pipe.decl.length === 0) this.#i = save;
    let cmd: Command = { args: [] };
    for (;;) {
      const t = this.#next();
      if (t.type === until) break;
      if (t.type === 'pipe') {
        if (cmd.args.length === 0) throw new TemplateError('template: :1: missing command');
        pipe.cmds.push(cmd);
        cmd = { args: [] };
        continue;
      }
      cmd.args.push(this.operand(t));
      const after = this.#peek();
      // Go: operands are separated by spaces (`{{json.}}` is "unexpected <.> in operand").
      if (after && !after.spaced && !['close', 'rparen', 'pipe'].includes(after.type)) {
        const shown = after.type === 'dot' ? '<.>' : JSON.stringify(after.value);
        throw new TemplateError(`template: :1: unexpected ${shown} in operand`);
      }
    }
    if (cmd.args.length === 0) throw new TemplateError(`template: :1: missing value for command`);
    pipe.cmds.push(cmd);
    return pipe;
  }

  operand(t: Token): Arg {
    const names = (f: string) => f.split('.').slice(1);
    switch (t.type) {
      case 'field':
        return { kind: 'field', base: undefined, names: names(t.value), pos: t.pos, text: t.value };
      case 'var': {
        const ft = this.#peek()?.type === 'field' ? this.#next().value : '';
        return { kind: 'var', name: t.value, names: ft ? names(ft) : [], pos: t.pos, text: t.value + ft };
      }
      case 'dot':
        return { kind: 'dot' };
      case 'ident':
        return { kind: 'ident', name: t.value };
      case 'string':
        return { kind: 'literal', value: t.value };
      case 'number':
        return { kind: 'literal', value: Number(t.value) };
      case 'bool':
        return { kind: 'literal', value: t.value === 'true' };
      case 'nil':
        return { kind: 'literal', value: null };
      case 'lparen': {
        const inner: Arg = { kind: 'pipe', pipe: this.pipeline('rparen') };
        if (this.#peek()?.type === 'field') return { kind: 'field', base: inner, names: names(this.#next().value) };
        return inner;
      }
      default:
        throw new TemplateError(`template: :1: unexpected "${t.value}" in operand`);
    }
  }
}

export function parseTemplate(src: string): Node[] {
  const p = new Parser(lex(src));
  const { nodes, end } = p.list();
  if (end === 'end') throw new TemplateError('template: :1: unexpected {{end}}');
  if (end === 'else') throw new TemplateError('template: :1: unexpected {{else}}');
  return nodes;
}
