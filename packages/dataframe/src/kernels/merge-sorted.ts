/**
 * `mergeSorted`: merge tables that are each sorted by the same columns into one sorted table —
 * stable: rows that tie keep their table order, then their row order. Implemented as concatenation
 * plus the stable radix sort of sort.ts: its cost is linear in the rows, like a k-way merge, and in
 * JavaScript it beats a heap merge that calls a comparator per row.
 */

import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { concatTables } from './concat-tables.js';
import { sortTable } from './sort.js';

/**
 * One table with the rows of sorted `tables`, sorted by `by`.
 *
 * @example
 * mergeSorted([a, b], ['ts'], true);
 */
export function mergeSorted(
  tables: readonly Table[],
  by: string | readonly string[],
  ascending: boolean | readonly boolean[] = true,
): Table {
  return sortTable(concatTables(tables), by, ascending);
}

defineTasks(import.meta.url, { mergeSorted });
