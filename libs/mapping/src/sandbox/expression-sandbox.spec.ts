import { DEFAULT_SANDBOX_OPTIONS, ExpressionSandbox } from './expression-sandbox';
import type { ExpressionProgram } from './sandbox-protocol';

// Real child processes, real JSONata: the limits are what this spec checks, so nothing is faked.
const sandbox = new ExpressionSandbox({ ...DEFAULT_SANDBOX_OPTIONS, deadlineMs: 300, memoryMb: 64, quarantineAfter: 1000 });
// A deadline far longer than building a giant string takes, so the heap cap is what stops it, on any machine.
const patient = new ExpressionSandbox({ ...DEFAULT_SANDBOX_OPTIONS, deadlineMs: 10_000, memoryMb: 64, quarantineAfter: 1000 });
afterAll(() => Promise.all([sandbox.close(), patient.close()]));

const program = (text: string): ExpressionProgram => ({ expressions: [{ id: 'fieldExpressions.x', text }], valueMapSets: [] });

describe('ExpressionSandbox limits', () => {
  it.each([
    ['a tail-recursive function that never ends', '($f := function($x){ $f($x) }; $f(1))', 'EXPRESSION_TIMEOUT'],
    [
      'a quadratic built-in that never calls back into JSONata (the watchdog kills it)',
      '$count($distinct([1..99999]))',
      'EXPRESSION_TIMEOUT',
    ],
    ['deep recursion', '($f := function($x){ $x > 0 ? 1 + $f($x - 1) : 0 }; $f(100000))', 'EXPRESSION_TOO_DEEP'],
    ['sorting three million numbers', '$count($sort([1..3e6]))', 'EXPRESSION_SEQUENCE_TOO_LONG'],
    ['a result over the output cap', '$string([1..99999])', 'EXPRESSION_OUTPUT_TOO_LARGE'],
  ])('contains %s (%s) as %s', async (_case, text, code) => {
    const result = await sandbox.evaluate(program(text), { name: 'acme' });
    expect(result).toMatchObject({ kind: 'limit', code });
  });

  it('contains a 500 MB string as EXPRESSION_MEMORY_LIMIT', async () => {
    expect(await patient.evaluate(program('$pad("", 5e8, "x")'), {})).toMatchObject({ kind: 'limit', code: 'EXPRESSION_MEMORY_LIMIT' });
  });

  it('runs regular expressions in linear time: a catastrophic pattern answers at once', async () => {
    const started = Date.now();
    const result = await sandbox.evaluate(program('$contains(name, /^(a+)+$/)'), { name: `${'a'.repeat(5000)}!` });
    expect(result).toEqual({ kind: 'evaluated', outcomes: [{ ok: true, value: false }] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses regular expressions the linear-time engine cannot run, with the reason', async () => {
    const result = await sandbox.evaluate(program('$contains(name, /(?=a)/)'), { name: 'a' });
    expect(result).toMatchObject({ kind: 'evaluated', outcomes: [{ ok: false, message: expect.stringMatching(/linear-time engine/) }] });
  });

  it('fails only the task that hit a limit: the other tasks of its batch are answered', async () => {
    const fine = program('$uppercase(name)');
    const bomb = program('$pad("", 5e8, "x")');
    const results = await Promise.all([
      patient.evaluate(fine, { name: 'a' }),
      patient.evaluate(bomb, { name: 'b' }),
      patient.evaluate(fine, { name: 'c' }),
      patient.evaluate(program('$count($sort([1..3e6]))'), {}),
      patient.evaluate(fine, { name: 'd' }),
    ]);
    expect(results.map((result) => (result.kind === 'limit' ? result.code : result.outcomes[0]))).toEqual([
      { ok: true, value: 'A' },
      'EXPRESSION_MEMORY_LIMIT',
      { ok: true, value: 'C' },
      'EXPRESSION_SEQUENCE_TOO_LONG',
      { ok: true, value: 'D' },
    ]);
  });

  it('reports an ordinary evaluation error per expression, with its position', async () => {
    const result = await sandbox.evaluate(
      {
        expressions: [
          { id: 'a', text: '$number("x") + 1' },
          { id: 'b', text: "$valueMap('country', 'DE')", valueMaps: 0 },
          { id: 'c', text: "$valueMap('__proto__', 'toString')", valueMaps: 0 },
        ],
        valueMapSets: [{ country: { DE: 'Germany' } }],
      },
      {},
    );
    expect(result).toMatchObject({
      kind: 'evaluated',
      outcomes: [
        { ok: false, message: expect.any(String) },
        { ok: true, value: 'Germany' },
        { ok: true, value: undefined },
      ],
    });
  });

  it('quarantines a program that keeps hitting limits, so it stops costing other tenants time', async () => {
    const strict = new ExpressionSandbox({ ...DEFAULT_SANDBOX_OPTIONS, deadlineMs: 200, quarantineAfter: 2, quarantineMs: 60_000 });
    try {
      const frozen = program('($f := function($x){ $f($x) }; $f(1))');
      expect(await strict.evaluate(frozen, {})).toMatchObject({ code: 'EXPRESSION_TIMEOUT' });
      expect(await strict.evaluate(frozen, {})).toMatchObject({ code: 'EXPRESSION_TIMEOUT' });
      const started = Date.now();
      expect(await strict.evaluate(frozen, {})).toMatchObject({ code: 'EXPRESSION_QUARANTINED' });
      expect(Date.now() - started).toBeLessThan(100);
      expect(await strict.evaluate(program('1 + 1'), {})).toEqual({ kind: 'evaluated', outcomes: [{ ok: true, value: 2 }] });
    } finally {
      await strict.close();
    }
  });

  it('keeps the service process and its prototype untouched', async () => {
    const result = await sandbox.evaluate(program('$merge([{"__proto__": {"polluted": true}}])'), {});
    expect(result.kind).toBe('evaluated');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
