// berth images / image ls: images as docker's table (one row per tag), -q, --digests, or --format.
import type { CommandModule } from '../../command.js';
import { FORMAT_TABLE_USAGE } from '../../flags/flag-spec.js';
import { encodeFilters } from '../../client/engine-client.js';
import { renderList } from '../../render/list-format.js';
import { imageRows, IMAGE_HEADERS, DEFAULT_IMAGES_TABLE, DIGEST_IMAGES_TABLE, type ImageSummary } from '../../render/image-context.js';
import { ExitCodeError } from '../../exit-code-error.js';

export const command: CommandModule = {
  spec: {
    path: 'image ls',
    usage: '[OPTIONS] [REPOSITORY[:TAG]]',
    description: 'List images',
    aliases: ['image ls', 'image list', 'images'],
    flags: [
      { name: 'all', short: 'a', type: '', usage: 'Show all images (default hides intermediate images)' },
      { name: 'digests', type: '', usage: 'Show digests' },
      { name: 'filter', short: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
      { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
      { name: 'no-trunc', type: '', usage: "Don't truncate output" },
      { name: 'quiet', short: 'q', type: '', usage: 'Only show image IDs' },
      { name: 'tree', type: '', usage: 'List multi-platform images as a tree (EXPERIMENTAL)' },
    ],
    args: { min: 0, max: 1 },
  },
  async run(ctx) {
    const f = ctx.flags;
    if (f.bool('tree')) throw new ExitCodeError(1, 'berth: --tree is not supported by berth yet');
    const filters = f.list('filter');
    if (ctx.args[0]) filters.push(`reference=${ctx.args[0]}`);
    const list = await ctx.client().json<ImageSummary[]>('GET', '/images/json', { query: { all: f.bool('all'), filters: encodeFilters(filters) } });
    let format = f.string('format') ?? '';
    if (f.bool('quiet')) format = format ? format : '{{.ID}}';
    const rows = imageRows(list, !f.bool('no-trunc'), f.bool('digests'));
    const table = f.bool('digests') ? DIGEST_IMAGES_TABLE : DEFAULT_IMAGES_TABLE;
    ctx.stdout.write(renderList(rows, { format, defaultTable: table, headers: IMAGE_HEADERS }));
  },
};
