import { decideErasure, standingOf, type TenantStanding } from './erasure-decision';

describe('decideErasure', () => {
  it.each<[TenantStanding, boolean]>([
    ['active', false],
    ['suspended', true],
    ['gone', true],
  ])('a tenant %s may be erased: %s', (standing, allowed) => {
    expect(decideErasure('acme', standing).allowed).toBe(allowed);
  });

  it('tells an operator refused how to start the offboarding', () => {
    expect(decideErasure('acme', 'active')).toEqual({
      allowed: false,
      message: 'tenant acme is active: start its offboarding first (POST /v1/tenants/acme/offboarding on the control plane suspends it)',
    });
  });
});

describe('standingOf', () => {
  it.each<[string, { active?: boolean } | undefined, TenantStanding]>([
    ['no configuration (never configured, or a tombstone)', undefined, 'gone'],
    ['active: false', { active: false }, 'suspended'],
    ['active: true', { active: true }, 'active'],
    ['active absent (configurations from before suspension existed)', {}, 'active'],
  ])('%s', (_case, configuration, standing) => {
    expect(standingOf(configuration)).toBe(standing);
  });
});
