/**
 * The scheduler conformance suite (packages/schedulers/test/suite/conformance.ts) on the
 * distributed scheduler: a real redis-server and three real tusk-worker processes. Cases for a
 * local worker pool (replaced crashed workers, timeouts, killing stuck tasks) and for stopping
 * tasks already running are not part of it; faults.test.ts covers distributed faults.
 */

import { afterAll, beforeAll, describe } from 'vitest';
import '../src/index.js';
import { schedulerConformance } from '../../schedulers/test/suite/conformance.js';
import { Cluster } from './helpers/cluster.js';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start('conformance');
  await cluster.startWorkers(3);
});

afterAll(() => cluster?.stop());

describe('distributed', () => {
  schedulerConformance({
    scheduler: 'distributed',
    options: (extra) => cluster.options(extra),
    can: { workers: true, cancelsRunning: false, pool: false, workerName: /^dw-\d+$/ },
  });
});
