// berthd: the daemon's entry point. Flags as dockerd's; SIGTERM/SIGINT close the API and leave containers running.
import { parseDaemonArgs } from '../config/load-config.js';
import { Daemon } from '../daemon/daemon.js';
import { BERTH_VERSION } from '../api/version.js';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseDaemonArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`berthd: ${(err as Error).message}\n`);
    process.exit(125);
  }
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`Berth version ${BERTH_VERSION}\n`);
    return;
  }
  const daemon = new Daemon(parsed.config);
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    daemon.log.info('shutting down', { signal: sig });
    daemon.stop().then(
      () => process.exit(0),
      (err) => {
        daemon.log.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGPIPE', () => {});
  // A promise nobody awaited failed: that is a bug to report, not a reason to drop every client and lose the
  // daemon's in-memory state (Node's default is to exit). Containers would survive (conmon), the API would not.
  process.on('unhandledRejection', (err) => daemon.log.error('unhandled rejection: this is a bug in berthd, please report it', { err }));
  try {
    await daemon.start();
  } catch (err) {
    daemon.log.error('failed to start daemon', { err });
    process.stderr.write(`failed to start daemon: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

void main();
