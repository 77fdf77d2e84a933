import {
  addToTotals,
  ferryInvoiceContribution,
  hundredthsOf,
  periodOf,
  totalMismatchesOf,
  type PeriodTotals,
  type TotalsContribution,
} from './period-totals';

const invoice = (dueDate: string, amount: string, status = 'open') => ({ dueDate, status, total: { amount, currency: 'USD' } });

describe('finance totals per period', () => {
  it.each<[string, unknown, number | undefined]>([
    ['a decimal string', '100.10', 10010],
    ['a number', 12.345, 1235],
    ['a negative credit', '-5.5', -550],
    ['text', 'ten', undefined],
    ['nothing', null, undefined],
  ])('%s in hundredths', (_case, value, expected) => expect(hundredthsOf(value)).toBe(expected));

  it.each<[string, unknown, string | undefined]>([
    ['a date', '2026-11-20', '2026-11'],
    ['a date-time', '2026-02-01T00:00:00Z', '2026-02'],
    ['no date', null, undefined],
  ])('the period of %s', (_case, value, expected) => expect(periodOf(value)).toBe(expected));

  it.each<[string, Record<string, unknown>, TotalsContribution | undefined]>([
    ['an open invoice is owed in full', invoice('2026-11-20', '100.00'), { period: '2026-11', amount: 10000, openBalance: 10000 }],
    ['a paid invoice owes nothing', invoice('2026-11-20', '100.00', 'paid'), { period: '2026-11', amount: 10000, openBalance: 0 }],
    ['no due date: not totalled', { status: 'open', total: { amount: '1.00' } }, undefined],
    ['no total: not totalled', { dueDate: '2026-11-20', status: 'open' }, undefined],
  ])("Ferry's side: %s", (_case, body, expected) => expect(ferryInvoiceContribution(body, 'dueDate')).toEqual(expected));

  it.each<[string, [side: 'ferry' | 'erp', TotalsContribution][], ReturnType<typeof totalMismatchesOf>]>([
    [
      'the same invoices on both sides: no mismatch',
      [
        ['ferry', { period: '2026-11', amount: 10000, openBalance: 10000 }],
        ['erp', { period: '2026-11', amount: 10000, openBalance: 10000 }],
      ],
      [],
    ],
    [
      'one invoice missing in the ERP and another the ERP has instead, same count: the amounts still differ',
      [
        ['ferry', { period: '2026-11', amount: 10000, openBalance: 10000 }],
        ['ferry', { period: '2026-11', amount: 25050, openBalance: 25050 }],
        ['erp', { period: '2026-11', amount: 10000, openBalance: 10000 }],
        ['erp', { period: '2026-11', amount: 9900, openBalance: 9900 }],
      ],
      [
        { period: '2026-11', measure: 'amount', ferrySum: '350.50', erpSum: '199.00', difference: '-151.50' },
        { period: '2026-11', measure: 'open_balance', ferrySum: '350.50', erpSum: '199.00', difference: '-151.50' },
      ],
    ],
    [
      'an invoice the ERP settled that Ferry delivered open: only the open balance differs, in its period only',
      [
        ['ferry', { period: '2026-10', amount: 500, openBalance: 500 }],
        ['erp', { period: '2026-10', amount: 500, openBalance: 500 }],
        ['ferry', { period: '2026-12', amount: 10000, openBalance: 10000 }],
        ['erp', { period: '2026-12', amount: 10000, openBalance: 0 }],
      ],
      [{ period: '2026-12', measure: 'open_balance', ferrySum: '100.00', erpSum: '0.00', difference: '-100.00' }],
    ],
    [
      'a period only the ERP has',
      [['erp', { period: '2027-01', amount: 1, openBalance: 0 }]],
      [{ period: '2027-01', measure: 'amount', ferrySum: '0.00', erpSum: '0.01', difference: '0.01' }],
    ],
  ])('%s', (_case, contributions, expected) => {
    const totals: PeriodTotals = {};
    for (const [side, contribution] of contributions) addToTotals(totals, side, contribution);
    expect(totalMismatchesOf(totals)).toEqual(expected);
  });
});
