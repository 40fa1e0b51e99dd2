// berth history: an image's layers, newest first.
import type { CommandModule } from '../../command.js';
import { FORMAT_TABLE_USAGE } from '../../flags/flag-spec.js';
import { renderList } from '../../render/list-format.js';
import { HistoryContext, HISTORY_HEADERS, DEFAULT_HISTORY_TABLE, NON_HUMAN_HISTORY_TABLE, type HistoryEntry } from '../../render/image-context.js';
import { enc } from '../for-each-ref.js';

export const command: CommandModule = {
  spec: {
    path: 'image history',
    usage: '[OPTIONS] IMAGE',
    description: 'Show the history of an image',
    aliases: ['image history', 'history'],
    flags: [
      { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
      { name: 'human', short: 'H', type: '', usage: 'Print sizes and dates in human readable format', defaultText: 'true' },
      { name: 'no-trunc', type: '', usage: "Don't truncate output" },
      { name: 'platform', type: 'string', usage: 'Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")' },
      { name: 'quiet', short: 'q', type: '', usage: 'Only show image IDs' },
    ],
    args: { min: 1, max: 1 },
  },
  async run(ctx) {
    const f = ctx.flags;
    const list = await ctx.client().json<HistoryEntry[]>('GET', `/images/${enc(ctx.args[0]!)}/history`, { query: { platform: f.string('platform') } });
    const rows = list.map((h) => new HistoryContext(h, !f.bool('no-trunc'), f.bool('human')));
    const format = f.bool('quiet') ? '{{.ID}}' : (f.string('format') ?? '');
    ctx.stdout.write(renderList(rows, { format, defaultTable: f.bool('human') ? DEFAULT_HISTORY_TABLE : NON_HUMAN_HISTORY_TABLE, headers: HISTORY_HEADERS }));
  },
};
