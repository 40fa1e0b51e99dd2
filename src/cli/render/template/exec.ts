// Executes a parsed template against a value with Go's rules: field access, methods with arguments, variables,
// truthiness, range over lists and maps (sorted keys), and fmt's %v printing of values.
import type { Arg, Node, Pipeline } from './parse.js';
import { TemplateError } from './lex.js';

type BlockNode = Extract<Node, { list: Node[] }>;

export type TemplateFunc = (...args: unknown[]) => unknown;
export type FuncMap = Record<string, TemplateFunc>;

/** Marks a render context as a Go struct: unknown fields are errors, as docker's formatter contexts are. */
export const GO_TYPE = Symbol.for('berth.goType');

/** Go's fmt %v of a value. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatNested).join(' ')}]`;
  if (typeof v === 'object') {
    if ((v as Record<symbol, unknown>)[GO_TYPE]) return `{${Object.keys(v).map((k) => formatNested((v as Record<string, unknown>)[k])).join(' ')}}`;
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${formatNested((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}

function formatNested(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : formatValue(v);
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && !(v as Record<symbol, unknown>)[GO_TYPE]) return Object.keys(v).length > 0;
  return true;
}

function typeName(v: unknown): string {
  if (v && typeof v === 'object' && (v as Record<symbol, unknown>)[GO_TYPE]) return String((v as Record<symbol, unknown>)[GO_TYPE]);
  if (Array.isArray(v)) return '[]interface {}';
  if (v && typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'interface {}';
}

/** Why `.name` cannot be read from `obj`, or undefined when it can. */
function fieldProblem(obj: unknown, name: string): string | undefined {
  if (obj === undefined || obj === null) return `nil pointer evaluating interface {}.${name}`;
  if (typeof obj !== 'object') return `can't evaluate field ${name} in type ${typeName(obj)}`;
  const rec = obj as Record<string | symbol, unknown>;
  if (!(name in rec) && rec[GO_TYPE]) return `can't evaluate field ${name} in type ${typeName(obj)}`;
  return undefined;
}

function field(obj: unknown, name: string, args: unknown[]): unknown {
  const v = (obj as Record<string, unknown>)[name];
  if (typeof v === 'function') return (v as TemplateFunc).apply(obj, args);
  if (args.length > 0) throw new Error(`${name} has arguments but cannot be invoked as function`);
  return v;
}

class Scope {
  readonly vars: Map<string, unknown>[];
  constructor(root: unknown) {
    this.vars = [new Map([['$', root]])];
  }
  get(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.has(name)) return this.vars[i]!.get(name);
    throw new TemplateError(`template: :1: undefined variable: ${name}`);
  }
  set(name: string, v: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.has(name)) {
        this.vars[i]!.set(name, v);
        return;
      }
    }
    throw new TemplateError(`template: :1: undefined variable: ${name}`);
  }
}

export class Executor {
  readonly #funcs: FuncMap;
  readonly #scope: Scope;
  readonly #source: string;
  #out = '';
  constructor(funcs: FuncMap, root: unknown, source = '') {
    this.#funcs = funcs;
    this.#scope = new Scope(root);
    this.#source = source;
  }

  /** Go's ErrorContext: `template: :line:col: executing "" at <node>: reason`. */
  #fail(a: Extract<Arg, { kind: 'field' | 'var' }>, reason: string): never {
    // Go positions a field chain at its last identifier (`.Foo` in `.State.Foo`).
    const pos = (a.pos ?? 0) + Math.max(0, (a.text ?? '').lastIndexOf('.'));
    const before = this.#source.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const col = nl < 0 ? pos : pos - nl - 1;
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    throw new TemplateError(`template: :${line}:${col}: executing "" at <${a.text ?? ''}>: ${reason}`);
  }

  run(nodes: Node[], dot: unknown): string {
    this.#walk(nodes, dot);
    return this.#out;
  }

  #walk(nodes: Node[], dot: unknown): void {
    for (const n of nodes) {
      if (n.kind === 'text') this.#out += n.text;
      else if (n.kind === 'action') {
        const v = this.#pipe(n.pipe, dot);
        if (n.pipe.decl.length === 0) this.#out += formatValue(v);
      } else this.#block(n, dot);
    }
  }

  #block(n: BlockNode, dot: unknown): void {
    this.#scope.vars.push(new Map());
    try {
      if (n.kind === 'range') return this.#range(n, dot);
      const v = this.#pipe(n.pipe, dot);
      if (truthy(v)) this.#walk(n.list, n.kind === 'with' ? v : dot);
      else if (n.elseList) this.#walk(n.elseList, dot);
    } finally {
      this.#scope.vars.pop();
    }
  }

  #range(n: BlockNode, dot: unknown): void {
    const v = this.#evalPipe(n.pipe, dot);
    let entries: [unknown, unknown][];
    if (v === undefined || v === null) entries = [];
    else if (Array.isArray(v)) entries = v.map((x, i) => [i, x]);
    else if (typeof v === 'number') entries = Array.from({ length: v }, (_, i) => [i, i]);
    else if (typeof v === 'object') entries = Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]);
    else throw new TemplateError(`template: :1: range can't iterate over ${formatValue(v)}`);
    if (entries.length === 0) {
      if (n.elseList) this.#walk(n.elseList, dot);
      return;
    }
    const vars = this.#scope.vars[this.#scope.vars.length - 1]!;
    for (const [k, x] of entries) {
      if (n.pipe.decl.length === 1) vars.set(n.pipe.decl[0]!, x);
      else if (n.pipe.decl.length === 2) {
        vars.set(n.pipe.decl[0]!, k);
        vars.set(n.pipe.decl[1]!, x);
      }
      this.#walk(n.list, x);
    }
  }

  /** A pipeline's value, with its declarations made in the current scope. */
  #pipe(p: Pipeline, dot: unknown): unknown {
    const v = this.#evalPipe(p, dot);
    for (const name of p.decl) {
      if (p.assign) this.#scope.set(name, v);
      else this.#scope.vars[this.#scope.vars.length - 1]!.set(name, v);
    }
    return v;
  }

  #evalPipe(p: Pipeline, dot: unknown): unknown {
    let piped: unknown[] = [];
    let v: unknown;
    for (const cmd of p.cmds) {
      v = this.#command(cmd.args, dot, piped);
      piped = [v];
    }
    return v;
  }

  #command(args: Arg[], dot: unknown, piped: unknown[]): unknown {
    const [head, ...rest] = args;
    if (head!.kind === 'ident') {
      const fn = this.#funcs[head!.name];
      if (!fn) throw new TemplateError(`template: :1: function "${head!.name}" not defined`);
      if (head!.name === 'and' || head!.name === 'or') return this.#logic(head!.name, [...rest.map((a) => () => this.#arg(a, dot)), ...piped.map((x) => () => x)]);
      return fn(...rest.map((a) => this.#arg(a, dot)), ...piped);
    }
    if (head!.kind === 'field' || (head!.kind === 'var' && head!.names.length > 0)) {
      const callArgs = [...rest.map((a) => this.#arg(a, dot)), ...piped];
      return this.#arg(head!, dot, callArgs);
    }
    if (rest.length > 0 || piped.length > 0) throw new TemplateError(`template: :1: can't give argument to non-function ${describe(head!)}`);
    return this.#arg(head!, dot);
  }

  #logic(op: 'and' | 'or', thunks: (() => unknown)[]): unknown {
    let v: unknown;
    for (const t of thunks) {
      v = t();
      if (op === 'and' ? !truthy(v) : truthy(v)) return v;
    }
    return v;
  }

  #arg(a: Arg, dot: unknown, callArgs: unknown[] = []): unknown {
    switch (a.kind) {
      case 'dot':
        return dot;
      case 'literal':
        return a.value;
      case 'pipe':
        return this.#evalPipe(a.pipe, dot);
      case 'ident': {
        const fn = this.#funcs[a.name];
        if (!fn) throw new TemplateError(`template: :1: function "${a.name}" not defined`);
        return fn();
      }
      case 'var':
        return this.#chain(this.#scope.get(a.name), a, callArgs);
      case 'field':
        return this.#chain(a.base ? this.#arg(a.base, dot) : dot, a, callArgs);
    }
  }

  #chain(v: unknown, a: Extract<Arg, { kind: 'field' | 'var' }>, callArgs: unknown[]): unknown {
    a.names.forEach((name, i) => {
      const problem = fieldProblem(v, name);
      if (problem) this.#fail(a, problem);
      try {
        v = field(v, name, i === a.names.length - 1 ? callArgs : []);
      } catch (err) {
        this.#fail(a, (err as Error).message);
      }
    });
    return v;
  }
}

function describe(a: Arg): string {
  if (a.kind === 'literal') return JSON.stringify(a.value);
  if (a.kind === 'dot') return '.';
  return a.kind;
}
