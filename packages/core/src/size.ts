/**
 * Sizes: numbers of bytes, or strings such as `'64MB'`, `'1.5 GiB'`, `'512kB'`.
 * Decimal units (kB, MB, GB, TB) are powers of 1000; binary units (KiB, MiB, GiB, TiB) powers of 1024.
 */

import { ConfigError } from './errors.js';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  pib: 1024 ** 5,
};

/**
 * Parse a size into bytes.
 *
 * @example
 * parseSize('64MB'); // 64_000_000
 * parseSize('1 GiB'); // 1_073_741_824
 */
export function parseSize(size: number | string, option = 'size'): number {
  if (typeof size === 'number') {
    if (!Number.isFinite(size) || size < 0)
      throw new ConfigError(option, `${option} must be a non-negative number of bytes, got ${size}.`);
    return Math.floor(size);
  }
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)\s*$/.exec(size);
  const name = m ? (m[2] || 'b').toLowerCase() : '';
  // Own units only: 'constructor' is a key of every object literal.
  const unit = m && Object.hasOwn(UNITS, name) ? UNITS[name] : undefined;
  if (!m || unit === undefined) {
    throw new ConfigError(
      option,
      `Cannot read ${option} ${JSON.stringify(size)}: write a number of bytes or a size such as '64MB', '512KiB' or '2GB'.`,
    );
  }
  return Math.floor(Number(m[1]) * unit);
}

/** Bytes as a short readable string: `formatBytes(64e6)` → `'61.0 MiB'`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}
