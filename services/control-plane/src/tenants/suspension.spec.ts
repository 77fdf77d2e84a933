import { decideSuspension } from './suspension';

describe('tenant suspension', () => {
  it.each([
    // who,       how,        current, requested, outcome
    ['operator', 'edit', true, false, { allowed: true, active: false }],
    ['operator', 'edit', false, true, { allowed: true, active: true }],
    ['tenant', 'edit', true, true, { allowed: true, active: true }],
    ['tenant', 'edit', false, false, { allowed: true, active: false }],
    ['tenant', 'edit', true, false, { allowed: false }],
    ['tenant', 'edit', false, true, { allowed: false }],
    ['tenant', 'rollback', false, true, { allowed: true, active: false }],
    ['tenant', 'rollback', true, false, { allowed: true, active: true }],
    ['operator', 'rollback', false, true, { allowed: true, active: false }],
  ] as const)('%s %s: active %s, asks for %s → %o', (actor, via, current, requested, outcome) => {
    expect(decideSuspension({ actor, via, current, requested })).toMatchObject(outcome);
  });
});
