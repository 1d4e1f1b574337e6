/**
 * The graph shapes of the 'scheduling' benchmark, built from user code as a Tusk user would write it
 * (mirrored shape for shape in bench/peers/dask_scheduling.py):
 *
 *   independent  n × inc(i), then one total([...])                       n + 1 tasks
 *   chain        inc(inc(inc(… inc(0))))                                  n tasks
 *   tree         n × inc(i) leaves, then pairwise add() down to one value 2n − 1 tasks
 */

import { delayed } from '@tusk/core';
import { add, inc, total } from '../../tasks.js';

// Wrapped once, as a user's module would; the tasks are portable (tasks.js registers them).
const incD = delayed(inc);
const addD = delayed(add);
const totalD = delayed(total);

/** The three graph shapes, built from user code as a Tusk user would write it. */
export const SHAPES = [
  {
    id: 'independent',
    label: 'independent + sum',
    tasks: (n) => n + 1,
    expected: (n) => (n * (n + 1)) / 2,
    build(n) {
      const xs = new Array(n);
      for (let i = 0; i < n; i++) xs[i] = incD(i);
      return totalD(xs);
    },
  },
  {
    id: 'chain',
    label: 'chain',
    tasks: (n) => n,
    expected: (n) => n,
    build(n) {
      let x = incD(0);
      for (let i = 1; i < n; i++) x = incD(x);
      return x;
    },
  },
  {
    id: 'tree',
    label: 'tree reduction',
    tasks: (n) => 2 * n - 1,
    expected: (n) => (n * (n + 1)) / 2,
    build(n) {
      let level = new Array(n);
      for (let i = 0; i < n; i++) level[i] = incD(i);
      while (level.length > 1) {
        const next = [];
        for (let i = 0; i + 1 < level.length; i += 2) next.push(addD(level[i], level[i + 1]));
        if (level.length % 2 === 1) next.push(level[level.length - 1]);
        level = next;
      }
      return level[0];
    },
  },
];
