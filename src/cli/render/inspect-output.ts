// `inspect` output: an indented JSON array (4 spaces, as docker's IndentedInspector), or one template result per
// object with --format (`json` means {{json .}}).
import { GoTemplate } from './go-template.js';
import { ExitCodeError } from '../exit-code-error.js';

export function renderInspect(items: readonly unknown[], format: string | undefined): string {
  if (!format) return items.length === 0 ? '[]\n' : JSON.stringify(items, null, 4) + '\n';
  let tmpl: GoTemplate;
  try {
    tmpl = new GoTemplate(format === 'json' ? '{{json .}}' : format);
  } catch (err) {
    throw new ExitCodeError(64, `template parsing error: ${(err as Error).message}`);
  }
  try {
    return items.map((x) => tmpl.execute(x) + '\n').join('');
  } catch (err) {
    throw new ExitCodeError(1, `template parsing error: ${(err as Error).message}`);
  }
}

/** A --format of version/info: parse errors exit 64 ("template parsing error: …"), the template named as docker's. */
export function parseUserFormat(format: string, name = ''): GoTemplate {
  try {
    return new GoTemplate(format === 'json' ? '{{json .}}' : format);
  } catch (err) {
    throw new ExitCodeError(64, `template parsing error: ${namedTemplateError((err as Error).message, name)}`);
  }
}

/** Go names templates in its errors: `template: version:1:2: executing "version" at …`. */
export function namedTemplateError(message: string, name: string): string {
  return name ? message.replace(/^template: :/, `template: ${name}:`).replace('executing ""', `executing "${name}"`) : message;
}

/** Adds Go struct field names as non-enumerable aliases of the JSON keys (`APIVersion` for `ApiVersion`). */
export function withGoFields<T extends object>(obj: T, aliases: Record<string, string>): T {
  for (const [goName, jsonKey] of Object.entries(aliases)) {
    if (jsonKey in obj) Object.defineProperty(obj, goName, { get: () => (obj as Record<string, unknown>)[jsonKey], enumerable: false });
  }
  return obj;
}
