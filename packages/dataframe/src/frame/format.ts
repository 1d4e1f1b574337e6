/**
 * A readable text preview of an Arrow table: aligned columns, nulls shown as `null`, long values
 * cut, and a line saying how many rows are not shown.
 */

import { DataType, type Table } from 'apache-arrow';

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
  const s = String(v);
  return s.length > 32 ? `${s.slice(0, 31)}…` : s;
}

/**
 * The first `maxRows` rows of `table` as text.
 *
 * @example
 * console.log(formatTable(table, { maxRows: 5 }));
 */
export function formatTable(table: Table, options: { maxRows?: number; title?: string } = {}): string {
  const maxRows = options.maxRows ?? 20;
  const names = table.schema.fields.map((f) => f.name);
  const rows: string[][] = [];
  const shown = Math.min(maxRows, table.numRows);
  const columns = names.map((_, j) => table.getChildAt(j));
  const temporal = table.schema.fields.map((f) => DataType.isTimestamp(f.type) || DataType.isDate(f.type));
  for (let i = 0; i < shown; i++) {
    rows.push(
      columns.map((c, j) => {
        const v = c?.get(i);
        return cell(temporal[j] && typeof v === 'number' ? new Date(v) : v);
      }),
    );
  }
  const widths = names.map((n, j) => Math.max(n.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padStart(widths[j])).join('  ');
  const out: string[] = [];
  if (options.title) out.push(options.title);
  out.push(line(names));
  for (const r of rows) out.push(line(r));
  if (table.numRows > shown) out.push(`… ${table.numRows - shown} more rows (${table.numRows} in all)`);
  return out.join('\n');
}
