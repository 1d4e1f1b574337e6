/**
 * Peers: the engines Tusk is compared with, run beside it in the same benchmark run.
 *
 * A Python peer is a script in bench/peers/ started once per benchmark as a long-lived child
 * (`python3 -u script.py --serve`). It speaks JSON lines (bench/peers/_protocol.py): first a hello
 * line (`{"ready": true, "versions": {...}}`, or `{"ready": false, "error": ...}` when e.g. dask is
 * not installed), then one response per request (`{"id", "op", "params"}` → `{"id", "ok", "result"}`).
 * Keeping the interpreter alive lets the harness interleave peer samples with Tusk samples round by
 * round, and keeps interpreter start-up and imports out of every timing.
 *
 * Python is Debian's `/usr/bin/python3` (where `python3-dask` installs), not whatever `python3` is
 * first on PATH; `--python` or TUSK_BENCH_PYTHON override it.
 */

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PYTHON = process.env.TUSK_BENCH_PYTHON ?? '/usr/bin/python3';
const PEERS_DIR = new URL('../peers/', import.meta.url);

export class PythonPeer {
  /** Start `bench/peers/<script>`; resolves to a peer whose `available` says whether it can be used. */
  static async start(script, { python = DEFAULT_PYTHON, startTimeoutMs = 60_000 } = {}) {
    const peer = new PythonPeer(script, python);
    await peer.#start(startTimeoutMs);
    return peer;
  }

  /** Whether the peer started and its engine imported. */
  available = false;
  /** Why not, when not available. */
  reason = undefined;
  /** Versions the peer reported (engine, python). */
  versions = {};

  #child;
  #pending = new Map();
  #nextId = 1;
  #stderr = [];
  #hello;
  #closing = false;

  constructor(script, python) {
    this.script = script;
    this.python = python;
  }

  #start(timeoutMs) {
    return new Promise((resolve) => {
      const path = fileURLToPath(new URL(this.script, PEERS_DIR));
      let child;
      try {
        child = spawn(this.python, ['-u', path, '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (err) {
        this.reason = `cannot start ${this.python}: ${err.message}`;
        resolve();
        return;
      }
      this.#child = child;
      const timer = setTimeout(() => {
        this.reason = `${this.script} did not start within ${timeoutMs / 1000} s`;
        child.kill();
        resolve();
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        this.reason =
          err.code === 'ENOENT' ? `${this.python} not found` : `cannot start ${this.python}: ${err.message}`;
        resolve();
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        this.#stderr.push(chunk);
        if (this.#stderr.length > 50) this.#stderr.shift();
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        const why = `${this.script} exited (${signal ?? `code ${code}`}): ${this.stderrTail()}`;
        if (!this.#hello) {
          this.reason ??= why;
          resolve();
        }
        for (const p of this.#pending.values()) p.reject(new Error(why));
        this.#pending.clear();
        this.available = false;
        if (!this.#closing) this.reason ??= why;
      });
      createInterface({ input: child.stdout }).on('line', (line) => {
        let msg;
        try {
          msg = JSON.parse(line);
        } catch {
          this.#stderr.push(`(stdout) ${line}\n`);
          return;
        }
        if (!this.#hello) {
          this.#hello = msg;
          clearTimeout(timer);
          this.available = msg.ready === true;
          this.versions = msg.versions ?? {};
          if (!this.available) this.reason = msg.error ?? 'peer not ready';
          resolve();
          return;
        }
        const p = this.#pending.get(msg.id);
        if (!p) return;
        this.#pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(`${this.script}: ${msg.error}`));
      });
    });
  }

  /** Last lines the peer wrote to stderr (for error messages). */
  stderrTail() {
    return this.#stderr.join('').trim().split('\n').slice(-5).join('\n');
  }

  /** Send one request; resolves to its result, rejects on a peer error, exit or timeout. */
  request(op, params = {}, { timeoutMs = 600_000 } = {}) {
    if (!this.available) return Promise.reject(new Error(`${this.script} is not available: ${this.reason}`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.script}: '${op}' timed out after ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#child.stdin.write(`${JSON.stringify({ id, op, params })}\n`);
    });
  }

  /** Ask the peer to exit and wait for it (kills it after a grace period). */
  async close() {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.#closing = true;
    await new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.available) child.stdin.end(`${JSON.stringify({ id: 0, op: 'exit' })}\n`);
      else child.kill();
    });
  }
}
