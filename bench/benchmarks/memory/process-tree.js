/**
 * Running one benchmark sample in a child process and measuring the memory of its whole process tree
 * (the child, its worker threads, and any processes it starts: Tusk's process workers, Dask's nannies
 * and workers), on Linux from /proc.
 *
 * What is measured: every `intervalMs` (default 10 ms) the parent lists the tree (the ppid field of
 * /proc/<pid>/stat over all processes) and sums its resident sets (the second field of
 * /proc/<pid>/statm, in pages); the highest sum seen is the tree's peak RSS. Pages shared between
 * processes are counted in each of them, as `ps` does. The child prints `{"ready": true}` on stdout
 * just before it starts the timed computation; the tree's RSS at that moment is the baseline (the
 * runtime, imports and, for Dask, the cluster at rest). The child's last stdout line is its JSON
 * result. Between two readings a short spike can be missed: the figure is a sampled peak, a lower
 * bound of the true one; the root process's own VmHWM (exact, kernel-kept) is reported beside it.
 */

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;

function readOr(file, fallback) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Pids of `root` and all its descendants (processes only; threads share their process's RSS). */
export function processTree(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    const stat = readOr(`/proc/${name}/stat`, '');
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'.
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const ppid = Number(stat.slice(close + 2).split(' ', 2)[1]);
    const pid = Number(name);
    const list = children.get(ppid);
    if (list === undefined) children.set(ppid, [pid]);
    else list.push(pid);
  }
  const out = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    out.push(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return out;
}

/** Sum of the resident sets of `pids`, in bytes (processes that are gone count 0). */
export function treeRss(pids) {
  let pages = 0;
  for (const pid of pids) {
    const statm = readOr(`/proc/${pid}/statm`, '');
    if (statm !== '') pages += Number(statm.split(' ', 2)[1]);
  }
  return pages * PAGE;
}

function vmHwm(pid) {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readOr(`/proc/${pid}/status`, ''));
  return m ? Number(m[1]) * 1024 : undefined;
}

/**
 * Run `command args` as one sample; resolves to `{ result, peakRssBytes, baselineRssBytes,
 * rootHwmBytes, processes, seconds }` (`result`: the child's last JSON line). Rejects, with the
 * child's stderr, when it fails or runs longer than `timeoutMs` (the tree is killed then).
 */
export function measureTree(command, args, { intervalMs = 10, timeoutMs = 600_000, env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let baseline;
    let rootHwm;
    let processes = 1;
    const sample = () => {
      const pids = processTree(child.pid);
      processes = Math.max(processes, pids.length);
      const rss = treeRss(pids);
      if (rss > peak) peak = rss;
      rootHwm = vmHwm(child.pid) ?? rootHwm;
      return rss;
    };
    const timer = setInterval(sample, intervalMs);
    const killer = setTimeout(() => {
      for (const pid of processTree(child.pid).reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      stdout += d;
      if (baseline === undefined && /"ready":\s*true/.test(stdout)) baseline = sample();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 1e6) stderr = stderr.slice(-1e5);
    });
    child.on('error', (err) => {
      clearInterval(timer);
      clearTimeout(killer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      clearTimeout(killer);
      const lines = stdout.trim().split('\n');
      const last = lines[lines.length - 1];
      if (code !== 0) {
        const why = signal ? `killed by ${signal}` : `exit code ${code}`;
        reject(
          new Error(
            `${command} ${args[0]} failed (${why}): ${stderr.trim().split('\n').slice(-8).join('\n')}`,
          ),
        );
        return;
      }
      let result;
      try {
        result = JSON.parse(last);
      } catch {
        reject(
          new Error(
            `${command} ${args[0]} printed no JSON result: ${stdout.slice(-500)} ${stderr.slice(-500)}`,
          ),
        );
        return;
      }
      resolve({
        result,
        peakRssBytes: peak,
        baselineRssBytes: baseline,
        rootHwmBytes: result.vmHwmBytes ?? rootHwm,
        processes,
        seconds: (performance.now() - t0) / 1e3,
      });
    });
  });
}
