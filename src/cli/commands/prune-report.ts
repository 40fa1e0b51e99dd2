// The end of docker's prune commands: "Deleted <What>:" with one name a line, then "Total reclaimed space: …".
import type { CommandContext } from '../command.js';
import { humanSize } from '../render/human-size.js';

export function printPruneReport(ctx: CommandContext, title: string, deleted: string[] | null | undefined, spaceReclaimed: number | undefined): void {
  const list = deleted?.length ? `${title}:\n${deleted.join('\n')}\n\n` : '';
  ctx.stdout.write(`${list}Total reclaimed space: ${humanSize(spaceReclaimed ?? 0)}\n`);
}
