import { parseDecimal } from './parse-decimal';
import { UsageError } from './usage-error';

/**
 * The values of a CSV series: the last cell of each non-blank line. The
 * first line is a header, and skipped, when its last cell is not a number;
 * any other line whose last cell is not a number is an error. Only the last
 * cell is read, so earlier cells may hold anything, quoted commas included.
 * Sign checks are the caller's.
 */
export function parseCsvSeries(text: string, source: string): number[] {
  const values: number[] = [];
  let seenFirstLine = false;
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const cell = unquote(line.slice(line.lastIndexOf(',') + 1).trim());
      const value = parseDecimal(cell);
      const isHeader = !seenFirstLine && value === undefined;
      seenFirstLine = true;
      if (isHeader) return;
      if (value === undefined) throw new UsageError(`${source} line ${index + 1}: '${cell}' is not a number`);
      values.push(value);
    });
  return values;
}

const unquote = (cell: string): string => (cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell);
