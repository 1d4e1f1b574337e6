import { describe, expect, it } from 'vitest';
import { dotAttrs, dotString, shortLabel, valueSummary } from '../../src/dot/dot-string.js';
import { parseDot } from './parse-dot.js';

describe('dotString', () => {
  it('quotes, escapes quotes and backslashes, and writes line breaks as \\n', () => {
    expect(dotString('a-1,2')).toBe('"a-1,2"');
    expect(dotString('we"ird')).toBe('"we\\"ird"');
    expect(dotString('back\\')).toBe('"back\\\\"');
    expect(dotString('two\nlines')).toBe('"two\\nlines"');
  });

  it('gives ids Graphviz reads back as the same names', async () => {
    const names = ['a-1,2', 'we"ird name', 'x -> y; z', '{[=]}', 'digraph', 'ünï©ødé'];
    const dot = `digraph { ${names.map((n) => `${dotString(n)};`).join(' ')} }`;
    const g = await parseDot(dot);
    expect(g.nodes.map((n) => n.name)).toEqual(names);
  });
});

describe('dotAttrs', () => {
  it('writes strings quoted, numbers bare, and skips undefined', () => {
    expect(dotAttrs({ shape: 'box', peripheries: 2, style: undefined })).toBe(
      ' [shape="box", peripheries=2]',
    );
    expect(dotAttrs({})).toBe('');
  });
});

describe('shortLabel', () => {
  it('hides hash tokens and cuts long text', () => {
    expect(shortLabel('persisted-inc-3f2a9c0d1e2b4a5f6c7d8e9f00112233')).toBe('persisted-inc-…');
    expect(shortLabel('a_really_long_function_name_indeed', 12)).toBe('a_really_lo…');
    expect(shortLabel('short')).toBe('short');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(shortLabel('😀'.repeat(30), 5)).toBe('😀😀😀😀…');
  });
});

describe('valueSummary', () => {
  it('shows small values and describes containers', () => {
    expect(valueSummary(3)).toBe('3');
    expect(valueSummary(true)).toBe('true');
    expect(valueSummary(null)).toBe('null');
    expect(valueSummary('hi')).toBe('"hi"');
    expect(valueSummary('x'.repeat(100))).toHaveLength(16);
    expect(valueSummary([1, 2, 3])).toBe('array[3]');
    expect(valueSummary(new Float64Array(8))).toBe('Float64Array[8]');
    expect(valueSummary({ a: 1 })).toBe('object');
    expect(valueSummary(new Map())).toBe('Map');
    expect(valueSummary(() => 1)).toBe('');
  });
});
