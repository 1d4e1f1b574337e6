/**
 * tusk-worker from the TypeScript sources (tests): Node 20 cannot run a .ts entry, so this
 * JavaScript file registers tsx's ESM loader and imports src/worker/cli.ts. Start it with
 * `node --conditions=source` so that workspace packages resolve to their sources too. Installed
 * workers run bin/tusk-worker.js, which loads the built dist/ and never this file.
 */

import { register } from 'tsx/esm/api';

register();
await import('../src/worker/cli.ts');
