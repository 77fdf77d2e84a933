import { boundedSetting } from './connection-setting-limits';

describe('boundedSetting', () => {
  it.each([
    ['unset', undefined, 500],
    ['not a number', 'lots', 500],
    ['within bounds', '250', 250],
    ['above the bound (saved before it existed)', '100000000', 10_000],
    ['below the bound', '0', 1],
  ])('reads maxBatchRecords %s', (_case, raw, expected) => {
    expect(boundedSetting('csv_sftp', raw === undefined ? {} : { maxBatchRecords: raw }, 'maxBatchRecords', 500)).toBe(expected);
  });
});
