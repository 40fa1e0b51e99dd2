// berth: the CLI's entry point. Everything else is in cli/ (loaded lazily, command by command).
import { main } from '../cli/main.js';

process.on('SIGPIPE', () => {});
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});
main(process.argv.slice(2)).then(
  (code) => {
    // Exit once what was written has been flushed: open handles (stdin, sockets) must not keep us alive.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  },
  (err: unknown) => {
    process.stderr.write(`berth: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
