// --health-cmd/--health-interval/--health-timeout/--health-start-period/--health-start-interval/--health-retries
// and --no-healthcheck -> the container's Healthcheck, with docker's checks and messages.
import type { ParsedFlags } from '../../flags/parse-flags.js';
import { ExitCodeError } from '../../exit-code-error.js';
import { parseGoDuration } from '../../../common/go-duration.js';

export function healthcheckFromFlags(flags: ParsedFlags): Record<string, unknown> | undefined {
  const duration = (name: string) => {
    const v = flags.string(name);
    if (v === undefined) return 0;
    try {
      return parseGoDuration(v);
    } catch (err) {
      throw new ExitCodeError(125, `invalid argument "${v}" for "--${name}" flag: ${(err as Error).message}`);
    }
  };
  const cmd = flags.string('health-cmd') ?? '';
  const interval = duration('health-interval');
  const timeout = duration('health-timeout');
  const startPeriod = duration('health-start-period');
  const startInterval = duration('health-start-interval');
  const retries = flags.int('health-retries') ?? 0;
  const any = cmd !== '' || interval !== 0 || timeout !== 0 || startPeriod !== 0 || startInterval !== 0 || retries !== 0;
  if (flags.bool('no-healthcheck')) {
    if (any) throw new ExitCodeError(125, '--no-healthcheck conflicts with --health-* options');
    return { Test: ['NONE'] };
  }
  if (!any) return undefined;
  for (const [name, v] of [['interval', interval], ['timeout', timeout], ['retries', retries], ['start-period', startPeriod], ['start-interval', startInterval]] as const) {
    if (v < 0) throw new ExitCodeError(125, `--health-${name} cannot be negative`);
  }
  return {
    ...(cmd ? { Test: ['CMD-SHELL', cmd] } : {}),
    Interval: interval,
    Timeout: timeout,
    StartPeriod: startPeriod,
    StartInterval: startInterval,
    Retries: retries,
  };
}
