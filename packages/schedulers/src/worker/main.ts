/**
 * Entry point of every Tusk worker, thread or child process: register the built-in codecs and
 * wire the port to a Runner.
 * Started directly from dist/ in production; tests start it through bootstrap/worker.mjs (tsx).
 */

import { parentPort } from 'node:worker_threads';
import { registerBuiltinCodecs } from '../codec/builtin.js';
import { processPort, threadPort } from './port.js';
import { Runner } from './runner.js';

registerBuiltinCodecs();
const port = parentPort ? threadPort(parentPort) : processPort();
const runner = new Runner(port);
port.onMessage((message) => runner.receive(message));
