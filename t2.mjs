import { Worker } from 'node:worker_threads';
const t = performance.now();
const w = new Worker(new URL('/work/main/packages/schedulers/dist/worker/main.js', import.meta.url));
w.on('message', (m) => { console.log('pure dist ready', Math.round(performance.now() - t)); w.terminate(); });
w.postMessage({ t: 'init', id: 'x', kind: 'threads', codecs: [], spoolDir: undefined, spoolThreshold: 1e6 });
