import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { undocumentedValues, valuePaths } from './values-docs';

describe('valuePaths', () => {
  it.each([
    ['nested keys, dotted', { image: { repository: 'r', tag: '' } }, ['image.repository', 'image.tag']],
    ['free-form maps as one key', { podAnnotations: { a: '1' }, commonLabels: {} }, ['podAnnotations', 'commonLabels']],
    ['lists as one key', { tolerations: [{ key: 'k' }] }, ['tolerations']],
    [
      'services by <name>',
      { services: { a: { enabled: true, autoscaling: { enabled: false } }, b: { enabled: false } } },
      ['services.<name>.enabled', 'services.<name>.autoscaling.enabled'],
    ],
  ])('%s', (_case, values, expected) => {
    expect(valuePaths(values)).toEqual(expected);
  });
});

describe('helm/ferry/README.md', () => {
  it('names every value of values.yaml', () => {
    const chart = join(__dirname, '..', '..', '..', 'helm', 'ferry');
    const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    expect(undocumentedValues(values, readFileSync(join(chart, 'README.md'), 'utf8'))).toEqual([]);
  });
});
