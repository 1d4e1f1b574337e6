/**
 * UsageMeter: resident memory and CPU use of this process and, on Linux, of its child processes,
 * read as deltas between successive readings.
 *
 * This process: `process.memoryUsage.rss()` and `process.cpuUsage()` (user + system time of every
 * thread, so `worker_threads` are included). Child processes (the `processes` scheduler's workers)
 * are not in `process.cpuUsage()`; on Linux the meter finds them in `/proc/self/task/<tid>/children`
 * and reads each one's CPU time from `/proc/<pid>/schedstat` (nanoseconds on CPU; `/proc/<pid>/stat`
 * ticks as a fallback) and its RSS from `/proc/<pid>/status` (VmRSS). That is a handful of small
 * reads of kernel-generated files per reading. Only direct children are counted. A child's CPU is
 * tracked per pid, so a child that exits between two readings takes away nothing already counted;
 * its last slice of CPU time is lost. Elsewhere (macOS, Windows) children are not counted, and
 * `childProcesses` is undefined to say so.
 *
 * Reference: proc(5) — /proc/pid/stat, /proc/pid/schedstat, /proc/pid/status, /proc/pid/task/tid/children.
 */

import { readdirSync, readFileSync } from 'node:fs';

/**
 * One reading of a UsageMeter.
 *
 * @example
 * const u: Usage = new UsageMeter().read(); // { rssBytes: 81_000_000, cpuPercent: 0, childProcesses: 0 }
 */
export interface Usage {
  /** Resident memory of this process plus its children, in bytes. */
  readonly rssBytes: number;
  /** CPU use since the previous reading, in % of one core (400 = four cores busy); 0 on the first. */
  readonly cpuPercent: number;
  /** Child processes counted; undefined where they cannot be seen (not Linux, or turned off). */
  readonly childProcesses: number | undefined;
}

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every Linux architecture Node runs on). */
const USER_HZ = 100;

/**
 * Reads memory and CPU of this process (and its children on Linux) as successive deltas.
 *
 * @example
 * const meter = new UsageMeter();
 * meter.read(); // baseline
 * busyWork();
 * meter.read().cpuPercent; // e.g. 98.7
 */
export class UsageMeter {
  private readonly children: boolean;
  private lastWall = 0;
  private lastSelfCpuMicros = 0;
  private childCpuMicros = new Map<number, number>();
  private first = true;

  /** `children: false` counts this process only. */
  constructor(options: { children?: boolean } = {}) {
    this.children = (options.children ?? true) && process.platform === 'linux';
  }

  /** One reading; CPU is measured since the previous one. */
  read(): Usage {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const selfCpuMicros = cpu.user + cpu.system;
    let rssBytes = process.memoryUsage.rss();
    let cpuMicros = selfCpuMicros - this.lastSelfCpuMicros;
    let childProcesses: number | undefined;
    if (this.children) {
      const kids = readChildren();
      if (kids !== undefined) {
        childProcesses = kids.length;
        const seen = new Map<number, number>();
        for (const kid of kids) {
          rssBytes += kid.rssBytes;
          const before = this.childCpuMicros.get(kid.pid) ?? 0;
          // A child first seen now started since the last reading (or this is the first reading).
          cpuMicros += Math.max(0, kid.cpuMicros - before);
          seen.set(kid.pid, kid.cpuMicros);
        }
        this.childCpuMicros = seen;
      }
    }
    const wallMs = wall - this.lastWall;
    const cpuPercent = this.first || wallMs <= 0 ? 0 : Math.max(0, cpuMicros / 1000 / wallMs) * 100;
    this.first = false;
    this.lastWall = wall;
    this.lastSelfCpuMicros = selfCpuMicros;
    return { rssBytes, cpuPercent, childProcesses };
  }
}

interface ChildUsage {
  pid: number;
  rssBytes: number;
  cpuMicros: number;
}

/** This process's direct children and their usage, or undefined when /proc cannot tell. */
function readChildren(): ChildUsage[] | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const pids = new Set<number>();
  let readable = false;
  for (const tid of tids) {
    let text: string;
    try {
      text = readFileSync(`/proc/self/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    readable = true;
    for (const word of text.split(' ')) {
      const pid = Number(word);
      if (word !== '' && Number.isInteger(pid)) pids.add(pid);
    }
  }
  if (!readable) return undefined;
  const out: ChildUsage[] = [];
  for (const pid of pids) {
    const cpuMicros = childCpuMicros(pid);
    if (cpuMicros === undefined) continue; // exited since it was listed
    out.push({ pid, cpuMicros, rssBytes: childRssBytes(pid) });
  }
  return out;
}

function childCpuMicros(pid: number): number | undefined {
  try {
    const ns = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    if (Number.isFinite(ns)) return ns / 1000;
  } catch {
    // No schedstat (kernel without CONFIG_SCHED_INFO): fall back to stat's ticks below.
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3,
    // utime and stime are fields 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return Number.isFinite(ticks) ? (ticks / USER_HZ) * 1e6 : undefined;
  } catch {
    return undefined;
  }
}

function childRssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
