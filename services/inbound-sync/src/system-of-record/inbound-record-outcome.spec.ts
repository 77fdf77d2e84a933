import { resolveSystemOfRecord } from '@ferry/master-data';
import { inboundRecordOutcome } from './inbound-record-outcome';

const baseline = { customerId: 'c-1', name: 'Acme', currency: 'USD', status: 'active' };
/** NetSuite (connection ns) owns credit terms, the product owns identity. */
const rules = resolveSystemOfRecord({ 'customer.creditTerms': 'ns', 'customer.identity': 'product' });

describe('inboundRecordOutcome', () => {
  it.each<[string, boolean, Record<string, unknown> | undefined, Record<string, unknown>, string, Record<string, unknown>, string[]]>([
    [
      'an echo of Ferry’s write: the new baseline, not published',
      true,
      baseline,
      { ...baseline, name: 'Acme v2' },
      'echo',
      { ...baseline, name: 'Acme v2' },
      [],
    ],
    [
      'an echo with no baseline yet, holding an ERP-owned value: published (first news of it)',
      true,
      undefined,
      baseline,
      'publish',
      baseline,
      [],
    ],
    [
      'an echo with no baseline yet, nothing ERP-owned in it',
      true,
      undefined,
      { customerId: 'c-1', name: 'Acme' },
      'echo',
      { customerId: 'c-1', name: 'Acme' },
      [],
    ],
    [
      'an echo that also carries an ERP-owned change: published as the ERP holds it, no conflict',
      true,
      baseline,
      { ...baseline, name: 'Acme v2', currency: 'GBP' },
      'publish',
      { ...baseline, name: 'Acme v2', currency: 'GBP' },
      [],
    ],
    ['an ERP-owned change: published', false, baseline, { ...baseline, currency: 'GBP' }, 'publish', { ...baseline, currency: 'GBP' }, []],
    [
      'a product-owned change alone: a conflict, nothing published',
      false,
      baseline,
      { ...baseline, name: 'Renamed' },
      'only_conflicts',
      baseline,
      ['customer.name'],
    ],
    [
      'a product-owned and an unowned change: the unowned one published, the name kept',
      false,
      baseline,
      { ...baseline, name: 'Renamed', status: 'inactive' },
      'publish',
      { ...baseline, status: 'inactive' },
      ['customer.name'],
    ],
    ['a record never read: its own baseline, published', false, undefined, baseline, 'publish', baseline, []],
  ])('%s', (_case, echo, previous, current, kind, body, conflicts) => {
    const outcome = inboundRecordOutcome(rules, 'ns', echo, previous, current);
    expect(outcome.kind).toBe(kind);
    expect(outcome.baseline).toEqual(body);
    if (kind === 'publish') expect(outcome.body).toEqual(body);
    expect(outcome.conflicts.map((conflict) => conflict.path)).toEqual(conflicts);
  });
});
