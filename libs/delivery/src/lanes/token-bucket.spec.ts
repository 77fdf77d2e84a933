import { FairSlots } from './fair-slots';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('spends the burst at once, then refills at the rate and says how long to wait', () => {
    const bucket = new TokenBucket(2, 2, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(500);
    expect(bucket.take(250)).toBe(250);
    expect(bucket.take(500)).toBe(0);
    expect(bucket.take(10_000)).toBe(0);
    expect(bucket.take(10_000)).toBe(0);
    expect(bucket.take(10_000)).toBeGreaterThan(0);
  });
});

describe('FairSlots', () => {
  it('hands each freed slot to the lane that has waited longest, not to the busiest one', () => {
    const slots = new FairSlots(2);
    const woken: string[] = [];
    expect(slots.tryAcquire('big', () => woken.push('big'))).toBe(true);
    expect(slots.tryAcquire('big', () => woken.push('big'))).toBe(true);
    expect(slots.tryAcquire('big', () => woken.push('big'))).toBe(false);
    expect(slots.tryAcquire('small', () => woken.push('small'))).toBe(false);
    slots.release();
    expect(woken).toEqual(['big']);
    // A third lane arriving now finds the set-aside slot is not its own.
    expect(slots.tryAcquire('other', () => woken.push('other'))).toBe(false);
    expect(slots.tryAcquire('big', () => undefined)).toBe(true);
    slots.release();
    expect(woken).toEqual(['big', 'small']);
    expect(slots.tryAcquire('small', () => undefined)).toBe(true);
    expect(slots.used).toBe(2);
  });

  it('gives back slots set aside for a lane that stopped', () => {
    const slots = new FairSlots(1);
    expect(slots.tryAcquire('a', () => undefined)).toBe(true);
    expect(slots.tryAcquire('b', () => undefined)).toBe(false);
    expect(slots.tryAcquire('c', () => undefined)).toBe(false);
    slots.release();
    slots.forget('b');
    expect(slots.tryAcquire('c', () => undefined)).toBe(true);
    expect(slots.used).toBe(1);
  });
});
