// berth ps / container ls: list containers as docker's table, -q, or --format.
import type { CommandModule } from '../../command.js';
import { FORMAT_TABLE_USAGE } from '../../flags/flag-spec.js';
import { encodeFilters } from '../../client/engine-client.js';
import { renderList } from '../../render/list-format.js';
import { GoTemplate, TemplateError } from '../../render/go-template.js';
import { ContainerContext, CONTAINER_HEADERS, DEFAULT_PS_TABLE, type ContainerSummary } from '../../render/container-context.js';

/**
 * docker ps checks a --format itself before it lists anything (so an empty list still fails), in its own words:
 * the raw format is parsed and run on an empty container context. That run also tells which fields the format
 * reads: `.Size` (also through `{{json .}}`) makes docker ask the daemon for sizes. Returns that.
 */
function validateFormat(format: string): boolean {
  let tmpl: GoTemplate;
  try {
    tmpl = new GoTemplate(format);
  } catch (err) {
    throw new TemplateError(`failed to parse template: ${(err as Error).message}`);
  }
  const empty: ContainerSummary = { Id: '', Names: [], Image: '', Command: '', Created: 0, Ports: [], Labels: {}, State: '', Status: '', Mounts: [] };
  const used = new Set<string>();
  const recorder = new Proxy(new ContainerContext(empty, true), {
    get(target, key) {
      if (typeof key === 'string') used.add(key);
      const v: unknown = Reflect.get(target, key, target);
      // Methods (`.Label "k"`) run on the context itself (private fields), toJSON on the recorder (to see reads).
      return typeof v === 'function' && key !== 'toJSON' ? v.bind(target) : v;
    },
  });
  try {
    tmpl.execute(recorder);
  } catch (err) {
    if (err instanceof TemplateError) throw new TemplateError(`failed to execute template: ${err.message}`);
  }
  return used.has('Size');
}

export const command: CommandModule = {
  spec: {
    path: 'container ls',
    usage: '[OPTIONS]',
    description: 'List containers',
    aliases: ['container ls', 'container list', 'container ps', 'ps'],
    flags: [
      { name: 'all', short: 'a', type: '', usage: 'Show all containers (default shows just running)' },
      { name: 'filter', short: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
      { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
      { name: 'last', short: 'n', type: 'int', usage: 'Show n last created containers (includes all states)', defaultText: '-1' },
      { name: 'latest', short: 'l', type: '', usage: 'Show the latest created container (includes all states)' },
      { name: 'no-trunc', type: '', usage: "Don't truncate output" },
      { name: 'quiet', short: 'q', type: '', usage: 'Only display container IDs' },
      { name: 'size', short: 's', type: '', usage: 'Display total file sizes' },
    ],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const f = ctx.flags;
    let format = f.string('format') ?? '';
    let quiet = f.bool('quiet');
    if (format && quiet) {
      ctx.stderr.write('WARNING: Ignoring custom format, because both --format and --quiet are set.\n');
      format = '';
    }
    const formatWantsSize = format ? validateFormat(format) : false;
    let last = f.int('last') ?? -1;
    if (f.bool('latest') && last === -1) last = 1;
    const size = f.bool('size') || (!quiet && formatWantsSize);
    const list = await ctx.client().json<ContainerSummary[]>('GET', '/containers/json', {
      query: { all: f.bool('all'), limit: last > 0 ? last : undefined, size, filters: encodeFilters(f.list('filter')) },
    });
    const rows = list.map((c) => new ContainerContext(c, !f.bool('no-trunc')));
    if (quiet && format === '') format = '{{.ID}}';
    quiet = false;
    const table = size ? `${DEFAULT_PS_TABLE}\\t{{.Size}}` : DEFAULT_PS_TABLE;
    ctx.stdout.write(renderList(rows, { format, defaultTable: table, headers: CONTAINER_HEADERS }));
  },
};
