/**
 * Run a command as a child process and measure the peak memory of its whole process tree.
 *
 * While the child runs, its tree is polled every `intervalMs` (20 ms): descendants are found through
 * `/proc/<pid>/task/<tid>/children`, and for every process seen its `VmHWM` (the kernel's high-water
 * mark of its resident set) and `VmRSS` are read from `/proc/<pid>/status`. Reported:
 *
 *   hwmKiB      Σ over every process of the tree of its last-seen VmHWM — the peak of each process
 *               summed (an upper bound of the simultaneous peak; exact for one process). The root's
 *               own figure is replaced by the one it reports itself just before exiting, when larger
 *               (the poll can miss the last 20 ms); a worker that grows in its last 20 ms is
 *               undercounted by that growth.
 *   sumRssKiB   the largest Σ VmRSS of one poll — the simultaneous peak as sampled (a lower bound).
 *   descendantCpuSeconds  Σ utime + stime of the descendants (worker processes), last seen in
 *               /proc/<pid>/stat; the root reports its own CPU time of the query itself.
 *
 * The child's stdout is collected (the last JSON line is its result); stderr is kept for errors. A
 * child that outlives `timeoutMs` is killed with its process group.
 */

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Children still running, killed (with their groups) if the harness exits first. */
const live = new Set();
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** utime + stime of a process (all its threads), in seconds, from /proc/<pid>/stat. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return undefined;
  }
}
const TICKS = 100; // USER_HZ: the unit of /proc/<pid>/stat times on Linux

function status(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+)/.exec(s);
    const rss = /VmRSS:\s+(\d+)/.exec(s);
    return hwm && rss ? { hwm: Number(hwm[1]), rss: Number(rss[1]) } : undefined;
  } catch {
    return undefined; // exited (or a zombie, which has no memory left)
  }
}

function children(pid) {
  const out = [];
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) {
        if (c !== '') out.push(Number(c));
      }
    } catch {
      // thread gone
    }
  }
  return out;
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: object, cwd?: string, timeoutMs?: number, intervalMs?: number }} options
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string,
 *   hwmKiB: number, rootHwmKiB: number, sumRssKiB: number, processes: number }>}
 */
export function runMeasured(command, args, { env, cwd, timeoutMs = 900_000, intervalMs = 20 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: env ?? process.env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout can kill the whole tree
    });
    live.add(child.pid);
    const hwm = new Map(); // pid → last VmHWM seen
    const cpu = new Map(); // pid → last CPU seconds seen (descendants only)
    let sumRss = 0;
    const poll = () => {
      const stack = [child.pid];
      let total = 0;
      while (stack.length > 0) {
        const pid = stack.pop();
        const s = status(pid);
        if (s === undefined) continue;
        hwm.set(pid, Math.max(hwm.get(pid) ?? 0, s.hwm));
        if (pid !== child.pid) {
          const c = cpuSeconds(pid);
          if (c !== undefined) cpu.set(pid, Math.max(cpu.get(pid) ?? 0, c));
        }
        total += s.rss;
        stack.push(...children(pid));
      }
      sumRss = Math.max(sumRss, total);
    };
    const timer = setInterval(poll, intervalMs);
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr = (stderr + d).slice(-20_000);
    });
    child.on('error', (err) => {
      live.delete(child.pid);
      clearInterval(timer);
      clearTimeout(killer);
      reject(err);
    });
    poll();
    child.on('close', (code, signal) => {
      live.delete(child.pid);
      clearInterval(timer);
      clearTimeout(killer);
      let result;
      for (const line of stdout.trim().split('\n').reverse()) {
        try {
          result = JSON.parse(line);
          break;
        } catch {
          // not the result line
        }
      }
      const rootHwm = Math.max(hwm.get(child.pid) ?? 0, result?.hwmKiB ?? 0);
      hwm.set(child.pid, rootHwm);
      let total = 0;
      for (const v of hwm.values()) total += v;
      let childCpu = 0;
      for (const v of cpu.values()) childCpu += v;
      resolve({
        code,
        signal,
        result,
        stdout,
        stderr,
        hwmKiB: total,
        rootHwmKiB: rootHwm,
        sumRssKiB: sumRss,
        processes: hwm.size,
        descendantCpuSeconds: childCpu,
      });
    });
  });
}
