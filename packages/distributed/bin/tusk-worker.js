#!/usr/bin/env node
// tusk-worker: start a distributed Tusk worker (see src/worker/cli.ts, built to dist/worker/cli.js).
await import('../dist/worker/cli.js');
