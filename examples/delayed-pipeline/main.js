/**
 * A load → parse → transform → aggregate → write pipeline as delayed tasks over a directory of CSV
 * files. Nothing runs while the graph is built; `compute` runs it (files in parallel on worker
 * threads), the reduction is a tree of `combine` calls, and the graph is drawn as SVG.
 *
 *   node examples/delayed-pipeline/main.js [--scheduler threads|processes|synchronous] [--files 12]
 */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compute, delayed } from '@tusk/core';
import '@tusk/schedulers';
import { makeSalesFiles } from './data.js';
import { combine, load, parse, summarize, transform, write } from './tasks.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    scheduler: { type: 'string', default: 'threads' },
    files: { type: 'string', default: '12' },
    out: { type: 'string', default: join(here, 'out') },
  },
});

const paths = makeSalesFiles(join(args.out, 'data'), Number(args.files));

// Build the graph: one branch per file, then a tree of combines, then one write.
const summaries = paths.map((p) => delayed(summarize)(delayed(transform)(delayed(parse)(delayed(load)(p)))));
let level = summaries;
while (level.length > 1) {
  const next = [];
  for (let i = 0; i < level.length; i += 4) next.push(delayed(combine)(...level.slice(i, i + 4)));
  level = next;
}
const totals = level[0];
const report = delayed(write)(totals, join(args.out, 'report.json'));

const svg = await report.visualize(join(args.out, 'pipeline.svg'));
const t0 = performance.now();
const [result, written] = await compute(totals, report, { scheduler: args.scheduler });
const ms = performance.now() - t0;

console.log(
  `Revenue by region over ${paths.length} files (scheduler: ${args.scheduler}, ${ms.toFixed(0)} ms):`,
);
console.log('region    revenue        lines');
for (const [region, t] of Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(`${region.padEnd(9)} ${t.revenue.toFixed(2).padStart(13)} ${String(t.lines).padStart(8)}`);
}
console.log(`report: ${written} (${JSON.parse(readFileSync(written, 'utf8')).length} regions)`);
console.log(`graph:  ${svg}`);
