/**
 * Worker bootstrap for running @tusk/schedulers from its TypeScript sources (tests): Node 20 cannot
 * start a worker from a .ts file, so this JavaScript entry registers tsx's ESM loader and then
 * imports the TypeScript worker. Production workers start dist/worker/main.js and never load this.
 */

import { register } from 'tsx/esm/api';

register();
await import('../src/worker/main.ts');
