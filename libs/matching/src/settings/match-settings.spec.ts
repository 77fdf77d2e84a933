import { ZodError } from 'zod';
import { resolveMatchSettings } from './default-settings';

describe('resolveMatchSettings', () => {
  it.each(['person', 'organisation'] as const)('gives complete, valid defaults for the %s profile', (profile) => {
    const settings = resolveMatchSettings({ profile });
    expect(settings.profile).toBe(profile);
    expect(settings.comparisons.length).toBeGreaterThan(3);
    expect(settings.blocking.length).toBeGreaterThan(3);
    expect(settings.thresholds.review).toBeLessThan(settings.thresholds.autoMerge);
  });

  it('merges a tenant’s overrides into the profile: objects field by field, lists as a whole', () => {
    const settings = resolveMatchSettings({
      profile: 'organisation',
      thresholds: { autoMerge: 0.99 },
      survivorship: { sourcePriority: ['erp-1', 'product'] },
      blocking: [{ name: 'taxId', parts: [{ field: 'taxId' }] }],
    });
    expect(settings.thresholds).toEqual({ autoMerge: 0.99, review: 0.5 });
    expect(settings.survivorship).toEqual({ default: 'mostRecent', sourcePriority: ['erp-1', 'product'], fields: {} });
    expect(settings.blocking.map((b) => b.name)).toEqual(['taxId']);
  });

  it.each([
    ['a review threshold above auto-merge', { thresholds: { autoMerge: 0.6, review: 0.9 } }, 'must not exceed'],
    [
      'an unknown record path',
      { comparisons: [{ name: 'x', kind: 'exact', field: 'shoeSize' }] },
      "'shoeSize' is not a customer record path",
    ],
    [
      'a duplicate comparison name',
      {
        comparisons: [
          { name: 'x', kind: 'exact', field: 'email' },
          { name: 'x', kind: 'exact', field: 'phone' },
        ],
      },
      'used twice',
    ],
    [
      'a place without its locality',
      { comparisons: [{ name: 'p', kind: 'place', field: 'address.postcode' }] },
      'localityField is required',
    ],
    ['a similarity above 1', { comparisons: [{ name: 'n', kind: 'name', field: 'name.given', thresholds: [1.5] }] }, 'between 0 and 1'],
    ['an unknown profile', { profile: 'robot' }, 'Invalid enum value'],
  ])('rejects %s with a clear message', (_, declared, message) => {
    expect(() => resolveMatchSettings(declared as never)).toThrow(ZodError);
    expect(() => resolveMatchSettings(declared as never)).toThrow(message);
  });
});
