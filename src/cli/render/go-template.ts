// The --format template engine: a Go text/template subset with docker's functions (json, join, upper, …).
import { parseTemplate, type Node } from './template/parse.js';
import { Executor, type FuncMap } from './template/exec.js';
import { DOCKER_FUNCS } from './template/funcs.js';

export { TemplateError } from './template/lex.js';
export { GO_TYPE } from './template/exec.js';
export { HEADER_FUNCS } from './template/funcs.js';
export type { FuncMap } from './template/exec.js';

export class GoTemplate {
  readonly #nodes: Node[];
  readonly #source: string;
  constructor(source: string) {
    this.#source = source;
    this.#nodes = parseTemplate(source);
  }

  /** Runs the template on `data`; `funcs` are added to (or replace) docker's functions. */
  execute(data: unknown, funcs?: FuncMap): string {
    return new Executor(funcs ? { ...DOCKER_FUNCS, ...funcs } : DOCKER_FUNCS, data, this.#source).run(this.#nodes, data);
  }
}
