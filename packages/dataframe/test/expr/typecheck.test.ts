import { DateDay, Dictionary, Float64, Int8, Int32, Int64, Schema, Uint32, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { col, lit } from '../../src/expr/builder.js';
import { commonType, promoteArith, promoteInts } from '../../src/expr/dtype.js';
import { ColumnNotFoundError, DTypeError } from '../../src/expr/errors.js';
import { exprOutputDType, exprOutputType } from '../../src/expr/typecheck.js';
import { field } from '../../src/kernels/arrow/table.js';

const schema = new Schema([
  field('i8', new Int8()),
  field('i32', new Int32()),
  field('i64', new Int64()),
  field('u32', new Uint32()),
  field('f', new Float64()),
  field('s', new Utf8()),
  field('c', new Dictionary(new Utf8(), new Int32())),
  field('d', new DateDay()),
]);

describe('type checking', () => {
  it('names the missing column and the available ones', () => {
    try {
      exprOutputDType(col('nope').add(1), schema);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ColumnNotFoundError);
      const err = e as ColumnNotFoundError;
      expect(err.column).toBe('nope');
      expect(err.available).toEqual(['i8', 'i32', 'i64', 'u32', 'f', 's', 'c', 'd']);
      expect(err.message).toContain("column 'nope' not found");
      expect(err.message).toContain("'i32'");
    }
  });

  it('says what dtype was expected', () => {
    expect(() => exprOutputDType(col('s').add(1), schema)).toThrow(
      /add expects numeric operands, got string column 's'/,
    );
    expect(() => exprOutputDType(col('f').lower(), schema)).toThrow(/lower expects a string operand/);
    expect(() => exprOutputDType(col('i32').and(true), schema)).toThrow(/and expects boolean operands/);
    expect(() => exprOutputDType(col('s').gt(1), schema)).toThrow(DTypeError);
    expect(() => exprOutputDType(col('d').gt(3), schema)).toThrow(/Compare dates with Dates or ISO-8601/);
    expect(() => exprOutputDType(col('f').year(), schema)).toThrow(/year expects a date or timestamp/);
    expect(() => exprOutputDType(col('d').ge('not a date'), schema)).toThrow(/ISO-8601/);
    expect(() => exprOutputDType(col('s').isIn([1]), schema)).toThrow(/expects strings/);
    try {
      exprOutputDType(col('s').add(1), schema);
    } catch (e) {
      expect((e as DTypeError).column).toBe('s');
    }
  });

  it('applies the promotion rules', () => {
    expect(exprOutputDType(col('i32').add(col('i8')), schema)).toBe('int32');
    expect(exprOutputDType(col('i32').add(col('u32')), schema)).toBe('int64');
    expect(exprOutputDType(col('i32').mul(col('f')), schema)).toBe('float64');
    expect(exprOutputDType(col('i32').div(col('i32')), schema)).toBe('float64');
    expect(exprOutputDType(col('i64').mod(2), schema)).toBe('int64');
    expect(exprOutputDType(col('u32').neg(), schema)).toBe('int64');
    expect(exprOutputDType(col('i32').gt(col('f')), schema)).toBe('bool');
    expect(promoteInts('uint8', 'int8')).toBe('int16');
    expect(promoteArith('bool', 'bool')).toBe('int8');
    expect(commonType('category', 'string')).toBe('string');
    expect(commonType('int32', 'string')).toBeUndefined();
  });

  it('lets integer literals take the column dtype when they fit', () => {
    expect(exprOutputDType(col('i8').add(1), schema)).toBe('int8');
    expect(exprOutputDType(col('i8').add(1000), schema)).toBe('int32');
    expect(exprOutputDType(col('i8').add(1.5), schema)).toBe('float64');
    expect(exprOutputDType(col('i32').add(2 ** 40), schema)).toBe('int64');
    expect(exprOutputDType(lit(3), schema)).toBe('int32');
    expect(exprOutputDType(lit(3, 'int8'), schema)).toBe('int8');
  });

  it('types the other operations', () => {
    expect(exprOutputDType(col('s').length(), schema)).toBe('int32');
    expect(exprOutputDType(col('c').upper(), schema)).toBe('category');
    expect(exprOutputDType(col('s').slice(0, 2), schema)).toBe('string');
    expect(exprOutputDType(col('d').year(), schema)).toBe('int32');
    expect(exprOutputDType(col('c').fillNull('z'), schema)).toBe('category');
    expect(exprOutputDType(col('i32').fillNull(0.5), schema)).toBe('float64');
    expect(exprOutputDType(col('f').isNull(), schema)).toBe('bool');
    expect(exprOutputDType(col('f').between(1, 2), schema)).toBe('bool');
    expect(exprOutputDType(col('s').cast('float64'), schema)).toBe('float64');
    expect(() => exprOutputDType(col('d').cast('bool'), schema)).toThrow(/cannot cast/);
  });

  it('gives Arrow types for meta, keeping a bare column’s own type', () => {
    expect(String(exprOutputType(col('f').add(1), schema))).toBe('Float64');
    expect(exprOutputType(col('c'), schema)).toBe(schema.fields[6].type);
    expect(String(exprOutputType(col('s').contains('a'), schema))).toBe('Bool');
  });
});
