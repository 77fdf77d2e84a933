import { quarantineVerdict, recordLimitHit, type QuarantineState } from './sandbox-quarantine';

const options = { quarantineAfter: 3, quarantineMs: 60_000 };
const hits = (count: number, lastHitAt = 1_000): QuarantineState => ({ hits: count, lastHitAt });

describe('quarantineVerdict', () => {
  it.each([
    ['never hit', undefined, 5_000, false],
    ['hit twice', hits(2), 5_000, false],
    ['hit three times, just now', hits(3), 1_000, true],
    ['hit three times, within the period', hits(3), 60_999, true],
    ['hit three times, period over: one task may probe', hits(3), 61_000, false],
    ['hit ten times, within the period', hits(10), 30_000, true],
  ])('%s → refused: %s', (_case, state, now, refused) => {
    expect(quarantineVerdict(state, now, options) !== undefined).toBe(refused);
  });

  it('counts hits and restarts the period from the last one', () => {
    const state = recordLimitHit(recordLimitHit(recordLimitHit(undefined, 1), 2), 100_000);
    expect(state).toEqual({ hits: 3, lastHitAt: 100_000 });
    expect(quarantineVerdict(state, 150_000, options)).toMatch(/limit 3 times; it is not evaluated again for 10 s/);
  });
});
