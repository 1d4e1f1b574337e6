// Test worker entry: registers tsx so the TypeScript sources load in this worker thread, revives the
// shared primitives in `workerData.args` (as the thread pool does with task arguments), runs one
// scenario from scenarios.ts, and posts back { ok, result } or { ok: false, error }.
import { register } from 'tsx/esm/api';

register();

const { parentPort, workerData } = await import('node:worker_threads');
const { encodeShared, reviveShared } = await import('../../../src/shared/index.ts');
const scenarios = await import('./scenarios.ts');

try {
  const args = reviveShared(workerData.args);
  const result = await scenarios[workerData.scenario](...args);
  parentPort.postMessage({ ok: true, result: encodeShared(result) });
} catch (e) {
  parentPort.postMessage({ ok: false, error: { name: e?.name, message: e?.message, stack: e?.stack } });
}
