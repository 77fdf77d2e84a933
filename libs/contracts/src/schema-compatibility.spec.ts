import * as avro from 'avsc';
import { compatibilityProblems } from './schema-compatibility';

const record = (fields: unknown[]) =>
  avro.Type.forSchema({ type: 'record', name: 'Probe', namespace: 'io.ferry.test', fields } as avro.Schema);
const v1 = record([
  { name: 'id', type: 'string' },
  { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] } },
]);

describe('compatibilityProblems', () => {
  it('accepts a new optional field with a default under FULL_TRANSITIVE', () => {
    const v2 = record([...(v1.schema() as { fields: unknown[] }).fields, { name: 'note', type: ['null', 'string'], default: null }]);
    expect(compatibilityProblems([v1], v2, 'FULL_TRANSITIVE')).toEqual([]);
  });

  it('names a field added without a default', () => {
    const v2 = record([...(v1.schema() as { fields: unknown[] }).fields, { name: 'tier', type: 'int' }]);
    expect(compatibilityProblems([v1], v2, 'FULL_TRANSITIVE')).toEqual([
      { field: 'tier', problem: expect.stringContaining('backward') as string, againstVersion: 1 },
    ]);
  });

  it('names a nested field whose type changed, in both directions', () => {
    const v2 = record([
      { name: 'id', type: 'string' },
      { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'int' }] } },
    ]);
    const problems = compatibilityProblems([v1], v2, 'FULL');
    expect(problems.map((p) => p.field)).toEqual(['address.city', 'address.city']);
    expect(problems[0]!.problem).toContain('type changed from string to int');
  });

  it('names a required field removed, which old readers still need (forward)', () => {
    const v2 = record([{ name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] } }]);
    expect(compatibilityProblems([v1], v2, 'FORWARD')).toEqual([
      { field: 'id', problem: expect.stringContaining('forward') as string, againstVersion: 1 },
    ]);
    expect(compatibilityProblems([v1], v2, 'BACKWARD')).toEqual([]);
  });
});
