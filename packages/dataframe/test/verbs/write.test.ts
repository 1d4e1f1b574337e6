/**
 * toCsv (a file per partition, or one file written in order) and toIpc on every scheduler, against
 * CSV text built by a plain loop over the same records (test/helpers/data.ts `toCsvText`).
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shutdownSchedulers } from '@tusk/schedulers';
import { afterAll, describe, expect, it } from 'vitest';
import { col, fromRecords, readIpc } from '../../src/index.js';
import { type Row, tempDir, toCsvText } from '../helpers/data.js';

const tmp = tempDir('tusk-write-');
afterAll(async () => {
  tmp.cleanup();
  await shutdownSchedulers();
});

const COLUMNS = ['id', 'name', 'x'];
const rows: Row[] = Array.from({ length: 230 }, (_, i) => ({
  id: i,
  // Names that need quoting (a delimiter, a quote, a newline), nulls, and non-ASCII text.
  name: i % 11 === 0 ? null : i % 7 === 0 ? `a,"b"\nc${i}` : i % 5 === 0 ? `ünï ${i}` : `n${i}`,
  x: i % 13 === 0 ? null : (i - 100) * 0.25,
}));
const df = fromRecords(rows, { npartitions: 9 });

describe.each(['synchronous', 'threads', 'processes'] as const)('%s', (scheduler) => {
  it('singleFile: one file with one header, every partition in order', async () => {
    const path = join(tmp.dir, scheduler, 'all.csv');
    const out = await df.toCsv(path, { singleFile: true, scheduler });
    expect(out).toEqual([path]);
    expect(readFileSync(path, 'utf8')).toBe(toCsvText(rows, COLUMNS));
  });

  it('singleFile replaces a file that is already there; a frame with empty partitions', async () => {
    const path = join(tmp.dir, scheduler, 'again.csv');
    writeFileSync(path, 'old contents that must go\n'.repeat(1000));
    const few = df.filter(col('id').ge(200)); // only the last partition keeps rows
    await few.toCsv(path, { singleFile: true, scheduler });
    expect(readFileSync(path, 'utf8')).toBe(
      toCsvText(
        rows.filter((r) => (r.id as number) >= 200),
        COLUMNS,
      ),
    );
  });

  it('a file per partition, each with its header; the frame back from IPC', async () => {
    const dir = join(tmp.dir, scheduler, 'parts');
    const out = await df.toCsv(dir, { scheduler });
    expect(out).toHaveLength(9);
    expect(readdirSync(dir).sort()).toEqual(out.map((p) => p.slice(dir.length + 1)).sort());
    const texts = out.map((p) => readFileSync(p, 'utf8'));
    let at = 0;
    for (const text of texts) {
      const lines = text.split('\n').filter((l) => l.length > 0);
      expect(lines[0]).toBe(COLUMNS.join(','));
      // Rows of this part: the next records, as many as the text holds (quoted newlines counted once).
      const n = text.length === 0 ? 0 : (text.match(/^\d+,/gm) ?? []).length;
      expect(text).toBe(toCsvText(rows.slice(at, at + n), COLUMNS));
      at += n;
    }
    expect(at).toBe(rows.length);
    const ipcDir = join(tmp.dir, scheduler, 'ipc');
    await df.toIpc(ipcDir, { scheduler });
    const back = await readIpc(join(ipcDir, '*.arrow')).compute({ scheduler });
    expect(back.numRows).toBe(rows.length);
    expect(back.getChild('name')?.toArray()).toEqual(rows.map((r) => r.name));
  });
});
