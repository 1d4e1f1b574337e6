/**
 * Spill directories are removed when the process ends however it ends — SIGTERM, SIGINT, exit,
 * an uncaught exception — and the signal is re-raised, not swallowed (the child dies of it). Each
 * case runs a real child process (fixtures/spill-child.ts) that spills and then waits.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { trackDirectory, untrackDirectory } from '../../src/store/cleanup.js';

const CHILD = fileURLToPath(new URL('./fixtures/spill-child.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-cleanup-test-'));
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

interface Started {
  readonly child: ChildProcess;
  readonly directory: string;
  readonly spilledCount: number;
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

function start(mode: string): Promise<Started> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, parent, mode], {
    cwd: PACKAGE,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line.startsWith('{')) {
        const info = JSON.parse(line) as { directory: string; spilledCount: number };
        resolve({ child, exited, ...info });
      }
    });
    exited.then((e) =>
      reject(new Error(`child exited before spilling (${e.code ?? e.signal}): ${e.stderr}`)),
    );
  });
}

describe.concurrent('spill directory cleanup in a child process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s removes the directory and the child dies of the signal',
    async (sig) => {
      const run = await start('wait');
      expect(run.spilledCount).toBeGreaterThan(0);
      expect(fs.readdirSync(run.directory).length).toBeGreaterThan(0);
      run.child.kill(sig);
      const end = await run.exited;
      expect(end.signal).toBe(sig);
      expect(fs.existsSync(run.directory)).toBe(false);
    },
  );

  it('process.exit() without closing the store removes the directory', async () => {
    const run = await start('exit');
    const end = await run.exited;
    expect(end.code).toBe(0);
    expect(fs.existsSync(run.directory)).toBe(false);
  });

  it('an uncaught exception removes the directory (exit code 1)', async () => {
    const run = await start('throw');
    const end = await run.exited;
    expect(end.code).toBe(1);
    expect(end.stderr).toContain('boom');
    expect(fs.existsSync(run.directory)).toBe(false);
  });

  it("a program's own SIGTERM handler still decides how to exit; the directory is removed", async () => {
    const run = await start('own-handler');
    run.child.kill('SIGTERM');
    const end = await run.exited;
    expect(end.code).toBe(7);
    expect(end.stdout).toContain('handled');
    expect(fs.existsSync(run.directory)).toBe(false);
  });
});

describe('exit and signal handlers', () => {
  it('are installed while a directory is tracked, and removed after', () => {
    const before = process.listenerCount('SIGTERM');
    const dir = fs.mkdtempSync(path.join(parent, 'tracked-'));
    trackDirectory(dir);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(0);
    untrackDirectory(dir);
    expect(process.listenerCount('SIGTERM')).toBe(before);
    fs.rmSync(dir, { recursive: true });
  });
});
