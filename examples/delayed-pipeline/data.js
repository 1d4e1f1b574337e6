/**
 * Makes the example's input: a directory of CSV sales files from a seeded generator, so every run
 * (and every machine) sees the same data. Written once, then reused.
 */

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REGIONS = ['north', 'south', 'east', 'west', 'central'];
const PRODUCTS = ['anvil', 'bolt', 'crate', 'drill', 'easel', 'funnel'];

/** A small seeded PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Create `files` CSV files of `rows` lines each under `dir` (skipped when already there). */
export function makeSalesFiles(dir, files = 12, rows = 20_000) {
  mkdirSync(dir, { recursive: true });
  const paths = [];
  for (let f = 0; f < files; f++) {
    const path = join(dir, `sales-${String(f).padStart(2, '0')}.csv`);
    paths.push(path);
    if (existsSync(path)) continue;
    const random = rng(1000 + f);
    const lines = ['date,region,product,qty,unit_price'];
    for (let i = 0; i < rows; i++) {
      const day = 1 + Math.floor(random() * 28);
      const region = REGIONS[Math.floor(random() * REGIONS.length)];
      const product = PRODUCTS[Math.floor(random() * PRODUCTS.length)];
      const qty = Math.floor(random() * 12) - 1; // -1 marks a return, 0 a cancelled line
      const price = (1 + Math.floor(random() * 5000) / 100).toFixed(2);
      lines.push(
        `2026-${String((f % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')},${region},${product},${qty},${price}`,
      );
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
  }
  return paths;
}
