// docker/cli's formatter.Context for list commands: `table` (default columns), `table TEMPLATE` (with a header
// row), `json` ({{json .}} per line) or a raw template per line; tables go through the tabwriter.
import { GoTemplate, HEADER_FUNCS, TemplateError } from './go-template.js';
import { tabwrite } from './tabwriter.js';
import { goJson } from './template/funcs.js';

export interface ListFormatOptions {
  /** The user's --format ('' or undefined: `table`). */
  format: string | undefined;
  /** The template for plain `table`. */
  defaultTable: string;
  /** The field -> header text map (docker's FullHeader). */
  headers: Record<string, string>;
}

export function isTableFormat(format: string): boolean {
  return format.startsWith('table');
}

/** docker's preFormat: strip `table`, map `json`, trim spaces, turn the two-character `\t` and `\n` into real ones. */
export function preFormat(format: string): string {
  let f = format;
  if (isTableFormat(f)) f = f.slice('table'.length);
  else if (f === 'json') f = '{{json .}}';
  return f.trim().replace(/\\t|\\n/g, (m) => (m === '\\t' ? '\t' : '\n'));
}

export function renderList(rows: readonly object[], options: ListFormatOptions): string {
  let format = options.format || 'table';
  if (format === 'table') format = options.defaultTable;
  if (format === 'json') return rows.map((r) => goJson(r) + '\n').join('');
  let tmpl: GoTemplate;
  try {
    tmpl = new GoTemplate(preFormat(format));
  } catch (err) {
    throw new TemplateError(`template parsing error: ${(err as Error).message}`);
  }
  let body = '';
  try {
    for (const row of rows) body += tmpl.execute(row) + '\n';
  } catch (err) {
    throw new TemplateError(`template parsing error: ${(err as Error).message}`);
  }
  if (!isTableFormat(format)) return body;
  const header = tmpl.execute(headerContext(options.headers), HEADER_FUNCS) + '\n';
  return tabwrite(header + body);
}

/** docker's HeaderContext: the header texts, and `.Label "com.example.tier"` heads its column "tier". */
function headerContext(headers: Record<string, string>): Record<string, unknown> {
  const label = (name: string) => (name.split('.').pop() ?? '').replace(/[-_]/g, ' ');
  return { ...headers, Label: label };
}

/** Sorted-key plain object of a context's fields, for {{json .}} (docker marshals its contexts that way). */
export function contextJson(obj: object, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of [...fields].sort()) out[f] = (obj as Record<string, unknown>)[f];
  return out;
}
