/**
 * CSV fixtures shared by the reader tests: well-formed texts exercising quoting, embedded delimiters
 * and newlines, escaped quotes, nulls, unicode, CRLF, BOM, missing final newline and empty lines,
 * plus a seeded random generator. Each fixture is a named string.
 */

import { prng, toCsv } from './helpers.js';

export const QUOTING = [
  'id,text,n',
  '1,"hello, world",10',
  '2,"she said ""hi""",20',
  '3,"multi',
  'line',
  'text",30',
  '4,plain,40',
  '5,"",50',
  '6,"a ""quoted"" word, and a comma',
  'and a newline",60',
  '7,"""",70',
  '8,"ends with newline',
  '",80',
  '9,"spaced"  ,90',
  '',
].join('\n');

export const NULLS = ['a,b,c', '1,,x', 'NA,2.5,', ',N/A,null', '3,NaN,NA', '4,1e3,"NA"', ''].join('\n');

export const UNICODE = [
  'name,city,emoji',
  'José,São Paulo,😀',
  '"Zoë, the ""best""",Zürich,€',
  '李雷,"北京',
  '上海",🎉🎉',
  'Ωmega,Αθήνα,"😀,😀"',
  'plain,ascii,x',
  'ñ,"ü\nö",ß',
  '',
].join('\n');

/** QUOTING with CRLF row ends (and CRLF inside the quoted newlines too). */
export const CRLF = QUOTING.replace(/\n/g, '\r\n');

/** BOM, no final newline. */
export const BOM_NO_FINAL_NEWLINE = '\uFEFFa,b\n1,"x\ny"\n2,z\n3,"last"';

export const EMPTY_LINES = ['', 'a,b', '', '1,2', '', '', '3,"4', '', '5"', '6,7', '', ''].join('\n');

export const COMMENTS = [
  '# leading comment',
  'a,b',
  '1,2',
  '# a comment, "with quotes',
  '3,"#4"',
  '#',
  '5,6',
  '',
].join('\n');

/** A quoted field whose text looks like rows with the right field count. */
export const CSV_IN_QUOTES = [
  'id,payload,n',
  '1,"2,x,3',
  '4,y,5',
  '6,z,7',
  '8,w,9",10',
  '11,v,12',
  '13,"another,one,here',
  'and,more,fields",14',
  '15,u,16',
  '',
].join('\n');

/** Seeded random CSV: quotes, delimiters, newlines, unicode, empty values. */
export function randomCsv(seed: number, rows: number, eol = '\n'): string {
  const rnd = prng(seed);
  const pieces = ['a', 'bc', 'x y', ',', '"', '\n', '\r\n', 'é', '€', '😀', '1', '23', ' ', 'NA', '""'];
  const out: string[][] = [['c0', 'c1', 'c2', 'c3']];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < 4; c++) {
      const n = Math.floor(rnd() * 4);
      let v = '';
      for (let k = 0; k < n; k++) v += pieces[Math.floor(rnd() * pieces.length)];
      row.push(v);
    }
    out.push(row);
  }
  return toCsv(out, eol);
}
