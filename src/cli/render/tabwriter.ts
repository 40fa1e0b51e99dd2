// Go's text/tabwriter (flags 0, left-aligned, space padding) as docker's tables use it:
// tabwriter.NewWriter(out, 10, 1, 3, ' ', 0). Cells end at '\t'; the last cell of a line is not part of a column;
// a column's width is computed over each block of consecutive lines that have a cell in it.

export interface TabwriterOptions {
  minWidth?: number;
  padding?: number;
}

const width = (s: string) => [...s].length;

export function tabwrite(text: string, options: TabwriterOptions = {}): string {
  const minWidth = options.minWidth ?? 10;
  const padding = options.padding ?? 3;
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  let out = '';

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i]!;
      cells.forEach((c, j) => {
        out += c;
        if (j < widths.length) out += ' '.repeat(Math.max(0, widths[j]! - width(c)));
      });
      if (i + 1 < lines.length) out += '\n';
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let w = minWidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur]!;
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]!) + padding);
      }
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
