import { dependencyGauges, dependencyLabel } from './dependency-metrics';

describe('dependency metrics', () => {
  it.each([
    ['kafka', 'kafka'],
    ['schemaRegistry', 'schema_registry'],
    ['database', 'database'],
    ['consumers', 'consumers'],
  ])('the %s check is labelled %s', (check, label) => {
    expect(dependencyLabel(check)).toBe(label);
  });

  it('reports 1 for a dependency that answered and 0 for one that did not, with the time each check took', () => {
    expect(
      dependencyGauges({
        status: 'unavailable',
        service: 's',
        checks: { kafka: { status: 'up', ms: 12 }, database: { status: 'down', detail: 'refused', ms: 3000 } },
        checkedAt: null,
        ageMs: null,
      }),
    ).toEqual([
      { dependency: 'kafka', up: 1, seconds: 0.012 },
      { dependency: 'database', up: 0, seconds: 3 },
    ]);
  });
});
