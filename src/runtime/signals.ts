// Signal names and numbers as Docker takes them (`KILL`, `SIGKILL`, `9`, `RTMIN+3`), checked before anything is
// sent: an unknown signal is Docker's 400 `Invalid signal: <raw>`. Linux numbering (x86-64, arm64).
import { invalidArgument } from '../errors.js';

export const SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, IOT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11, USR2: 12,
  PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CLD: 17, CONT: 18, STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22,
  URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27, WINCH: 28, IO: 29, POLL: 29, PWR: 30, SYS: 31, UNUSED: 31,
  RTMIN: 34, RTMAX: 64,
};

/** The signal's number; throws Docker's `Invalid signal: <raw>`. */
export function parseSignal(raw: string): number {
  const s = raw.trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n >= 1 && n <= 64) return n;
    throw invalidArgument(`Invalid signal: ${raw}`);
  }
  const name = s.toUpperCase().replace(/^SIG/, '');
  const rt = /^RT(MIN|MAX)([+-])(\d+)$/.exec(name);
  if (rt) {
    const n = (rt[1] === 'MIN' ? 34 : 64) + (rt[2] === '+' ? 1 : -1) * Number(rt[3]);
    if (n >= 34 && n <= 64) return n;
  }
  const n = SIGNALS[name];
  if (n === undefined) throw invalidArgument(`Invalid signal: ${raw}`);
  return n;
}
