/**
 * Numbers as the demo prints them: sizes in decimal units (as `--size 1GB` means 10^9 bytes, and
 * throughput in MB/s), durations, counts with separators, and the one-line figures of a step.
 */

/**
 * Bytes in decimal units: 1e9 → '1.00 GB', 2.56e8 → '256 MB'.
 *
 * @example
 * bytes(412_000_000); // '412 MB'
 */
export function bytes(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  if (u === 0) return `${n} B`;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

/**
 * Milliseconds as seconds: 12345 → '12.3 s'.
 *
 * @example
 * seconds(850); // '0.85 s'
 */
export function seconds(ms) {
  const s = ms / 1000;
  return `${s >= 10 ? s.toFixed(1) : s.toFixed(2)} s`;
}

/**
 * A count with thousands separators: 19908148 → '19,908,148'.
 *
 * @example
 * count(1000); // '1,000'
 */
export function count(n) {
  return Number(n).toLocaleString('en-US');
}

/**
 * The figures of one step: time, throughput over `inputBytes`, peak RSS, and the store's peak.
 *
 * @example
 * figures({ ms: 12300, peakRss: 4.1e8, storePeak: 1.2e6, spilled: 0 }, 1e9, 2.56e8);
 */
export function figures(step, inputBytes, memoryLimit) {
  const rate = inputBytes / 1e6 / (step.ms / 1000);
  const spill = step.spilled > 0 ? `spilled ${count(step.spilled)} values to disk` : 'nothing spilled';
  return (
    `  ${seconds(step.ms)} | ${rate.toFixed(0)} MB/s | peak RSS ${bytes(step.peakRss)} | ` +
    `store peak ${bytes(step.storePeak)} of the ${bytes(memoryLimit)} limit, ${spill}`
  );
}

/**
 * Indent every line of a block of text.
 *
 * @example
 * indent('a\nb'); // '  a\n  b'
 */
export function indent(text, by = '  ') {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}
