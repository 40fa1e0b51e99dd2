// Docker's label filters (`label=key`, `label=key=value`, and the negated `label!=` forms). Pure.

/** True when `labels` satisfies every term: `key` (present), `key=value`, or either prefixed with `!` (absent/other). */
export function labelsMatch(labels: Readonly<Record<string, string>>, wanted: readonly string[]): boolean {
  return wanted.every((w) => {
    const neg = w.startsWith('!');
    const term = neg ? w.slice(1) : w;
    const eq = term.indexOf('=');
    const hit = eq < 0 ? Object.hasOwn(labels, term) : labels[term.slice(0, eq)] === term.slice(eq + 1);
    return neg ? !hit : hit;
  });
}
