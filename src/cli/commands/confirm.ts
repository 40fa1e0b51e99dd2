// docker's prompt before destructive commands: the warning and "Are you sure you want to continue? [y/N] " on
// stdout, one line read from stdin; only y/Y (yes) goes ahead.
import type { CommandContext } from '../command.js';

export async function confirm(ctx: CommandContext, warning: string): Promise<boolean> {
  ctx.stdout.write(`${warning}\nAre you sure you want to continue? [y/N] `);
  const line = await new Promise<string>((resolve) => {
    let buf = '';
    const onData = (b: Buffer) => {
      buf += b.toString();
      if (buf.includes('\n')) finish();
    };
    const finish = () => {
      ctx.stdin.off('data', onData);
      ctx.stdin.pause();
      resolve(buf.split('\n')[0]!);
    };
    ctx.stdin.on('data', onData);
    ctx.stdin.once('end', finish);
  });
  return /^\s*y(es)?\s*$/i.test(line);
}
