// `inspect` output: an indented JSON array (4 spaces, as docker's IndentedInspector), or one template result per
// object with --format (`json` means {{json .}}).
import { GoTemplate } from './go-template.js';

export function renderInspect(items: readonly unknown[], format: string | undefined): string {
  if (!format) return items.length === 0 ? '[]\n' : JSON.stringify(items, null, 4) + '\n';
  const tmpl = new GoTemplate(format === 'json' ? '{{json .}}' : format);
  return items.map((x) => tmpl.execute(x) + '\n').join('');
}

/** Adds Go struct field names as non-enumerable aliases of the JSON keys (`APIVersion` for `ApiVersion`). */
export function withGoFields<T extends object>(obj: T, aliases: Record<string, string>): T {
  for (const [goName, jsonKey] of Object.entries(aliases)) {
    if (jsonKey in obj) Object.defineProperty(obj, goName, { get: () => (obj as Record<string, unknown>)[jsonKey], enumerable: false });
  }
  return obj;
}
