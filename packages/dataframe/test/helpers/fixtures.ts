/**
 * Portable user functions for mapPartitions tests: named exports registered with defineTasks, so the
 * threads and processes schedulers can import them by module URL. They use Arrow's own API only
 * (nothing of the kernels under test).
 */

import { defineTasks } from '@tusk/core';
import { Float64, Table, vectorFromArray } from 'apache-arrow';

/** The table with a column `scaled` = `column` × `factor` (null stays null). */
export function scaleColumn(table: Table, column: string, factor: number): Table {
  const src = table.getChild(column);
  const values: (number | null)[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const v = src?.get(i);
    values.push(v === null || v === undefined ? null : Number(v) * factor);
  }
  return table.assign(new Table({ scaled: vectorFromArray(values, new Float64()) }));
}

/** The same as scaleColumn, but async (so mapPartitions cannot probe its schema without `meta`). */
export async function scaleColumnAsync(table: Table, column: string, factor: number): Promise<Table> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return scaleColumn(table, column, factor);
}

/** Rows whose `column` value is even (a user-written filter). */
export function keepEven(table: Table, column: string): Table {
  const src = table.getChild(column)!;
  const keep: number[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const v = src.get(i);
    if (v !== null && Number(v) % 2 === 0) keep.push(i);
  }
  // Arrow JS has no take(); rebuild each column from the kept rows with its own type.
  const cols: Record<string, ReturnType<typeof vectorFromArray>> = {};
  for (const f of table.schema.fields) {
    const c = table.getChild(f.name)!;
    cols[f.name] = vectorFromArray(
      keep.map((i) => c.get(i)),
      f.type,
    );
  }
  return new Table(cols);
}

defineTasks(import.meta.url, { scaleColumn, scaleColumnAsync, keepEven });
