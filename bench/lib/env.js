/**
 * The environment a benchmark ran in, stored with its results: machine, load, Node, the git revision
 * of the code under test, and the peers' versions (added by each benchmark).
 */

import { execFileSync } from 'node:child_process';
import os from 'node:os';

function git(args) {
  try {
    return execFileSync('git', args, { cwd: new URL('..', import.meta.url), encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

export function environment() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    gitRevision: git(['rev-parse', '--short', 'HEAD']),
    gitDirty: (git(['status', '--porcelain', '--', 'packages', 'bench']) ?? '') !== '',
  };
}
