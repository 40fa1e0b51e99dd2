// What every command module exports, and what it gets to run with.
import type { CommandSpec } from './flags/flag-spec.js';
import type { ParsedFlags } from './flags/parse-flags.js';
import type { EngineClient } from './client/engine-client.js';

export interface CommandContext {
  /** `berth`: how the binary names itself in messages. */
  bin: string;
  /** The command path as invoked (`ps`, `container ls`). */
  path: string;
  flags: ParsedFlags;
  args: string[];
  /** The client for the daemon chosen by -H / BERTH_HOST / DOCKER_HOST (created on first use). */
  client(): EngineClient;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export interface CommandModule {
  spec: CommandSpec;
  /** Resolves with the exit code (0 when undefined); throws ExitCodeError and friends for failures. */
  run(ctx: CommandContext): Promise<number | void>;
}
