import { spawnSync } from 'node:child_process';

const probe = `try { Reflect.get(Object.prototype, '__proto__', {}); console.log('open') } catch (e) { console.log(e.code) }`;

describe('prototypeAccessThrows', () => {
  it.each([
    [[], 'open'],
    [['--disable-proto=throw'], 'ERR_PROTO_ACCESS'],
  ])('node %j → %s', (flags, seen) => {
    expect(spawnSync(process.execPath, [...flags, '-e', probe], { encoding: 'utf8' }).stdout.trim()).toBe(seen);
  });

  it('is what the guard reads (this jest process runs without the flag)', async () => {
    const { prototypeAccessThrows } = await import('./prototype-guard');
    expect(prototypeAccessThrows()).toBe(false);
  });
});
