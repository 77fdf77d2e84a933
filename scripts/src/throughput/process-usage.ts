import { readFileSync, readdirSync } from 'node:fs';

/** CPU time and memory of one process as Linux reports them in /proc/<pid>/stat and /proc/<pid>/status. */
export interface ProcessUsage {
  /** utime + stime, in milliseconds. */
  cpuMs: number;
  /** VmHWM: the most resident memory the process has had, in kB (0 when the kernel does not say). */
  peakRssKb: number;
}

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux Node supports (sysconf(_SC_CLK_TCK)). */
export const CLOCK_TICKS_PER_SECOND = 100;

/**
 * utime + stime from a /proc/<pid>/stat line. The command name (field 2) is in parentheses and may hold spaces
 * and ')', so fields are counted from the last ')': utime and stime are fields 14 and 15 of the line.
 */
export function cpuMsFromStat(stat: string, ticksPerSecond = CLOCK_TICKS_PER_SECOND): number {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // afterName[0] is field 3 (state): field n is afterName[n - 3].
  const utime = Number(afterName[11]);
  const stime = Number(afterName[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/** VmHWM (peak resident set) from /proc/<pid>/status, in kB; 0 when absent (a kernel thread, a zombie). */
export function peakRssKbFromStatus(status: string): number {
  const line = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return line ? Number(line[1]) : 0;
}

export function readProcessUsage(pid: number): ProcessUsage | undefined {
  try {
    return {
      cpuMs: cpuMsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')),
      peakRssKb: peakRssKbFromStatus(readFileSync(`/proc/${pid}/status`, 'utf8')),
    };
  } catch {
    return undefined;
  }
}

/** Processes whose command line contains `fragment` (e.g. the stack's Kafka broker, PostgreSQL's backends). */
export function pidsWithCommandLine(fragment: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(fragment)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}
