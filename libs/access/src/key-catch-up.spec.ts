import { MissMemory } from './key-catch-up';

describe('MissMemory', () => {
  it('forgets a miss after its time, so a key published later is looked up again', async () => {
    const misses = new MissMemory(30);
    misses.remember('aaaaaaaaaaaa');
    expect(misses.has('aaaaaaaaaaaa')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(misses.has('aaaaaaaaaaaa')).toBe(false);
  });

  it('holds at most its capacity, dropping the oldest miss first', () => {
    const misses = new MissMemory(60_000, 3);
    ['a', 'b', 'c', 'd'].forEach((keyId) => misses.remember(keyId));
    expect(['a', 'b', 'c', 'd'].map((keyId) => misses.has(keyId))).toEqual([false, true, true, true]);
  });
});
