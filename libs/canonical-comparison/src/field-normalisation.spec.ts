import { normaliseField, type FieldKind } from './field-normalisation';

describe('normaliseField: one spelling per value, whichever ERP wrote it', () => {
  it.each<[FieldKind, unknown, string | null]>([
    ['text', '  Acme   Corp ', 'Acme Corp'],
    ['text', 'Acme\u00a0Corp', 'Acme Corp'],
    ['text', 'Acme', 'Acme'],
    ['text', 'ACME', 'ACME'],
    ['text', '', null],
    ['text', '   ', null],
    ['text', null, null],
    ['text', undefined, null],
    ['text', 42, '42'],
    ['case_insensitive_text', ' Billing@Example.COM ', 'billing@example.com'],
    ['case_insensitive_text', null, null],
    ['number', '10.00', '10'],
    ['number', 10, '10'],
    ['number', '1e1', '10'],
    ['number', '1,234.50', '1234.5'],
    ['number', 0.1 + 0.2, '0.3'],
    ['number', '-3.10', '-3.1'],
    ['number', 'n/a', 'n/a'],
    ['number', null, null],
    ['date', '2026-03-01', '2026-03-01'],
    ['date', '2026-03-01T00:00:00Z', '2026-03-01'],
    ['date', '2026-03-01T00:00:00.000+00:00', '2026-03-01'],
    ['date', '/Date(1772323200000)/', '2026-03-01'],
    ['date', '/Date(1772323200000+0000)/', '2026-03-01'],
    ['date', 1772323200000, '2026-03-01'],
    ['date', 'March 1, 2026 UTC', '2026-03-01'],
    ['date', 'not a date', 'not a date'],
    ['date', '', null],
    ['boolean', 'T', 'true'],
    ['boolean', true, 'true'],
    ['boolean', 'F', 'false'],
    ['boolean', 0, 'false'],
    ['boolean', null, null],
  ])('%s %p → %p', (kind, value, expected) => {
    expect(normaliseField(kind, value)).toBe(expected);
  });
});
