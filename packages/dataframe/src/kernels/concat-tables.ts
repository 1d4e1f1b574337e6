/**
 * `concatTables`: stack tables with the same schema into one single-batch table.
 *
 * Schemas must match by column names (in order) and dtypes; dictionary columns may differ in
 * dictionary (and dictionary id / index width): their dictionaries are unified (see arrow/concat.ts).
 * A column of Arrow type Null (all nulls, e.g. from an empty CSV column) is accepted next to any type
 * and becomes nulls of that type.
 */

import { defineTasks } from '@tusk/core';
import { type Data, type Field, makeData, type Table, Type } from 'apache-arrow';
import { dtypeOf } from '../expr/dtype.js';
import { InvalidArgumentError, SchemaMismatchError } from '../expr/errors.js';
import { concatData } from './arrow/concat.js';
import { columnsOf, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';

function typeName(f: Field): string {
  return dtypeOf(f.type) ?? String(f.type);
}

/**
 * Check that every schema matches the first; returns the target field per column (a non-Null type wins).
 *
 * @example
 * checkSameSchema([a, b]); // throws SchemaMismatchError when columns differ
 */
export function checkSameSchema(tables: readonly Table[], context = 'concatTables'): Field[] {
  const first = tables[0].schema.fields;
  const target = [...first];
  tables.forEach((t, k) => {
    const fields = t.schema.fields;
    const names = fields.map((f) => f.name);
    if (names.length !== first.length || names.some((n, i) => n !== first[i].name)) {
      throw new SchemaMismatchError(
        `${context}: table ${k} has columns [${names.join(', ')}] but table 0 has [${first.map((f) => f.name).join(', ')}]; ` +
          'select the same columns in the same order first.',
      );
    }
    fields.forEach((f, i) => {
      const a = target[i];
      if (f.type.typeId === Type.Null) return;
      if (a.type.typeId === Type.Null) {
        target[i] = f;
        return;
      }
      if (typeName(a) !== typeName(f)) {
        throw new SchemaMismatchError(
          `${context}: column '${f.name}' is ${typeName(f)} in table ${k} but ${typeName(a)} in table 0; cast with astype first.`,
          f.name,
        );
      }
    });
  });
  return target;
}

/** All-null chunk of `field`'s type with `n` rows. */
function nullsOf(type: Field['type'], like: Data | undefined, n: number): Data {
  if (like) return takeData(like, new Int32Array(n).fill(-1));
  return makeData({ type: type as any, length: n });
}

/**
 * One table holding the rows of `tables` in order.
 *
 * @example
 * concatTables([a, b]).numRows; // a.numRows + b.numRows
 */
export function concatTables(tables: readonly Table[]): Table {
  if (!Array.isArray(tables) || tables.length === 0) {
    throw new InvalidArgumentError('concatTables needs at least one table (to know the schema).');
  }
  const fields = checkSameSchema(tables);
  if (tables.length === 1 && tables[0].batches.length === 1) return tables[0];
  const perTable = tables.map((t) => columnsOf(t));
  const columns = fields.map((f, i) => {
    const chunks = perTable.map((cols) => cols[i]);
    if (f.type.typeId !== Type.Null && chunks.some((c) => c.type.typeId === Type.Null)) {
      const like = chunks.find((c) => c.type.typeId !== Type.Null);
      for (let k = 0; k < chunks.length; k++) {
        if (chunks[k].type.typeId === Type.Null) chunks[k] = nullsOf(f.type, like, chunks[k].length);
      }
    }
    return concatData(chunks, chunks[0].type);
  });
  return makeTable(fields, columns, tables[0].schema.metadata);
}

defineTasks(import.meta.url, { concatTables });
