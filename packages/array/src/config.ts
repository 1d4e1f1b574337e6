/**
 * The configuration @tusk/array adds to core's: `array.chunkSize`, the bytes per block that
 * `chunks: 'auto'` aims for (64 MB by default, as Dask's `array.chunk-size`). Registered once when
 * the package is imported; read with `getConfig()`, changed with `setConfig`/`withConfig`.
 */

import { getConfig, parseSize, registerConfigDefaults } from '@tusk/core';

/** Options under `array` in Tusk's configuration. */
export interface ArrayConfig {
  /** Target bytes per block for `chunks: 'auto'` (a number or a size such as '64MB'). */
  chunkSize: number | string;
}

declare module '@tusk/core' {
  interface TuskConfig {
    array: ArrayConfig;
  }
}

let registered = false;

/** Register the `array` defaults (once). */
export function registerArrayConfig(): void {
  if (registered) return;
  registered = true;
  if (!('array' in getConfig())) registerConfigDefaults({ array: { chunkSize: '64MB' } });
}

/** The configured auto chunk size in bytes. */
export function autoChunkBytes(): number {
  const c = (getConfig() as unknown as { array?: ArrayConfig }).array;
  return parseSize(c?.chunkSize ?? '64MB');
}
