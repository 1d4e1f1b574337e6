/**
 * The functions the pool-patterns example runs on workers. Functions cross to workers by module URL
 * and export name, so each one is a named export registered with `defineTasks` (a closure would be
 * refused before anything runs).
 */

import { defineTasks } from '@tusk/core';

/**
 * Steps of the Collatz sequence from `n` down to 1 (n → n/2 when even, 3n + 1 when odd).
 *
 * @example
 * collatzSteps(27); // 111
 */
export function collatzSteps(n) {
  let steps = 0;
  while (n !== 1) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    steps++;
  }
  return steps;
}

/**
 * How many primes p satisfy lo ≤ p < hi (trial division by odd numbers up to √p).
 *
 * @example
 * countPrimes(0, 100); // 25
 */
export function countPrimes(lo, hi) {
  let count = 0;
  for (let n = Math.max(2, lo); n < hi; n++) {
    if (n % 2 === 0) {
      if (n === 2) count++;
      continue;
    }
    let prime = true;
    for (let d = 3; d * d <= n; d += 2) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/**
 * Wait `ms` milliseconds (without blocking the worker), then return x².
 *
 * @example
 * await squareLater(3, 100); // 9, after 100 ms
 */
export function squareLater(x, ms) {
  return new Promise((resolve) => setTimeout(() => resolve(x * x), ms));
}

/**
 * Busy-wait `ms` milliseconds, a task that cannot be interrupted from inside (only a timeout,
 * which stops its worker, ends it early); returns `ms`.
 *
 * @example
 * spin(10); // 10
 */
export function spin(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
  return ms;
}

/**
 * Parse a sensor reading `"<station>,<celsius>"`; throws a SyntaxError that says what is wrong.
 *
 * @example
 * parseReading('oslo,-3.5'); // { station: 'oslo', celsius: -3.5 }
 */
export function parseReading(line) {
  const parts = line.split(',');
  if (parts.length !== 2) throw new SyntaxError(`expected "station,celsius", got ${JSON.stringify(line)}`);
  const celsius = Number(parts[1]);
  if (parts[1].trim() === '' || !Number.isFinite(celsius)) {
    throw new SyntaxError(`temperature is not a number: ${JSON.stringify(parts[1])}`);
  }
  return { station: parts[0], celsius };
}

defineTasks(import.meta.url, { collatzSteps, countPrimes, squareLater, spin, parseReading });
