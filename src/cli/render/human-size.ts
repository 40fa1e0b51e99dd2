// go-units' size strings as the docker CLI prints them: HumanSizeWithPrecision(n, 3) (base 1000: "4.26MB") and
// BytesSize (base 1024: "1.5GiB"), including Go's %g formatting ("1e+03kB" for 999.5 kB).

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Go's fmt `%.<precision>g`. */
export function formatG(n: number, precision: number): string {
  const s = n.toPrecision(precision);
  const e = s.indexOf('e');
  if (e < 0) return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  const mant = s.slice(0, e).replace(/\.?0+$/, '');
  const exp = Number(s.slice(e + 1));
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function custom(size: number, precision: number, base: number, units: string[]): string {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return `${formatG(size, precision)}${units[i]}`;
}

export function humanSize(bytes: number, precision = 3): string {
  return custom(bytes, precision, 1000, DECIMAL);
}

export function bytesSize(bytes: number): string {
  return custom(bytes, 4, 1024, BINARY);
}
