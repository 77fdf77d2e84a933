import { cpuMsFromStat, peakRssKbFromStatus } from './process-usage';

describe('cpuMsFromStat', () => {
  const fields = (name: string, utime: number, stime: number) =>
    `4242 (${name}) S 1 4242 4242 0 -1 4194560 2157 0 0 0 ${utime} ${stime} 0 0 20 0 11 0 1234 1000 500 18446744073709551615`;
  it.each([
    ['an ordinary name', fields('node', 150, 50), 2000],
    ['a name with spaces and a closing parenthesis', fields('MainThread) x y', 7, 3), 100],
    ['a process that has not run yet', fields('node', 0, 0), 0],
  ])('reads utime + stime of %s', (_case, stat, cpuMs) => {
    expect(cpuMsFromStat(stat)).toBe(cpuMs);
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => cpuMsFromStat('not a stat line')).toThrow('not a /proc/<pid>/stat line');
  });
});

describe('peakRssKbFromStatus', () => {
  it.each([
    ['a process', 'Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100000 kB\n', 123456],
    ['a kernel thread (no memory lines)', 'Name:\tkworker/0:1\nState:\tI (idle)\n', 0],
  ])('reads VmHWM of %s', (_case, status, kb) => {
    expect(peakRssKbFromStatus(status)).toBe(kb);
  });
});
