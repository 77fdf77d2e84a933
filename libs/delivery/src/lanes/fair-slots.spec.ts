import { FairSlots } from './fair-slots';

describe('fair slots', () => {
  it('gives a freed slot to the lane that has waited longest, ahead of newcomers', () => {
    const slots = new FairSlots(1);
    const woken: string[] = [];
    expect(slots.tryAcquire('a', () => woken.push('a'))).toBe(true);
    expect(slots.tryAcquire('b', () => woken.push('b'))).toBe(false);
    expect(slots.tryAcquire('c', () => woken.push('c'))).toBe(false);
    slots.release();
    expect(woken).toEqual(['b']);
    expect(slots.tryAcquire('c', () => woken.push('c'))).toBe(false);
    expect(slots.tryAcquire('b', () => woken.push('b'))).toBe(true);
    expect(slots.used).toBe(1);
  });

  it('passes on a slot set aside for a lane that could not use it, so no lane waits forever', () => {
    const slots = new FairSlots(1);
    const woken: string[] = [];
    slots.tryAcquire('a', () => woken.push('a'));
    slots.tryAcquire('paused', () => woken.push('paused'));
    slots.tryAcquire('c', () => woken.push('c'));
    slots.release();
    expect(woken).toEqual(['paused']);
    // The paused lane was woken but sends nothing: its slot goes on to the next lane in the queue.
    slots.returnUnused('paused');
    expect(woken).toEqual(['paused', 'c']);
    expect(slots.tryAcquire('c', () => woken.push('c'))).toBe(true);
    slots.release();
    expect(slots.used).toBe(0);
    expect(slots.queued).toBe(0);
    expect(slots.tryAcquire('d', () => woken.push('d'))).toBe(true);
  });

  it('gives back what a stopped lane held in reserve and takes it out of the queue', () => {
    const slots = new FairSlots(2);
    slots.tryAcquire('a', () => undefined);
    slots.tryAcquire('b', () => undefined);
    slots.tryAcquire('gone', () => undefined);
    slots.tryAcquire('d', () => undefined);
    slots.release();
    slots.forget('gone');
    expect(slots.queued).toBe(0);
    expect(slots.used).toBe(2);
  });
});
