import { outboundWriteDecision, type MappedFieldReads } from './outbound-write';
import { resolveSystemOfRecord } from './system-of-record';

const fields: MappedFieldReads[] = [
  { erpField: 'companyName', reads: ['customer.name'] },
  { erpField: 'terms.id', reads: ['customer.paymentTerms'] },
  { erpField: 'currency.refName', reads: ['customer.currency'] },
  { erpField: 'defaultAddress', reads: ['customer.billingAddress.line1', 'customer.billingAddress.city'] },
  { erpField: 'email', reads: ['customer.email'] },
  { erpField: 'isInactive', reads: ['customer.status'] },
  { erpField: 'subsidiary.id', reads: [] },
  { erpField: 'comments', reads: ['customer'] },
];

describe('outboundWriteDecision on invoices', () => {
  it('leaves the ERP-owned due date and terms out of an invoice write', () => {
    const decision = outboundWriteDecision(resolveSystemOfRecord({ 'invoice.creditTerms': 'ns' }), 'invoice', 'ns', [
      { erpField: 'dueDate', reads: ['invoice.dueDate'] },
      { erpField: 'terms.refName', reads: ['invoice.paymentTerms'] },
      { erpField: 'tranId', reads: ['invoice.invoiceNumber'] },
    ]);
    expect([decision.write, decision.leaveOut.map((field) => field.erpField)]).toEqual([['tranId'], ['dueDate', 'terms.refName']]);
  });
});

describe('outboundWriteDecision', () => {
  it.each<[string, Record<string, string>, string, string[], [string, string[]][]]>([
    ['no rules: everything is written', {}, 'ns', fields.map((f) => f.erpField), []],
    [
      'the target ERP owns credit terms: terms and currency left out',
      { 'customer.creditTerms': 'ns' },
      'ns',
      ['companyName', 'defaultAddress', 'email', 'isInactive', 'subsidiary.id'],
      [
        ['terms.id', ['creditTerms']],
        ['currency.refName', ['creditTerms']],
        ['comments', ['creditTerms']],
      ],
    ],
    ['another ERP owns credit terms: written to this one', { 'customer.creditTerms': 'sap' }, 'ns', fields.map((f) => f.erpField), []],
    ['the product owns everything: everything is written', { customer: 'product' }, 'ns', fields.map((f) => f.erpField), []],
    [
      'a CRM owns contacts: written to the ERP, left out of the CRM',
      { 'customer.contacts': 'crm' },
      'crm',
      fields.map((f) => f.erpField).filter((f) => f !== 'email' && f !== 'comments'),
      [
        ['email', ['contacts']],
        ['comments', ['contacts']],
      ],
    ],
    [
      'the ERP owns the domain, the product identity',
      { customer: 'ns', 'customer.identity': 'product' },
      'ns',
      ['companyName', 'isInactive', 'subsidiary.id'],
      [
        ['terms.id', ['creditTerms']],
        ['currency.refName', ['creditTerms']],
        ['defaultAddress', ['billingAddress']],
        ['email', ['contacts']],
        ['comments', ['billingAddress', 'contacts', 'creditTerms', 'shippingAddress', 'taxId']],
      ],
    ],
  ])('%s', (_case, declaration, connectionId, write, leaveOut) => {
    const decision = outboundWriteDecision(resolveSystemOfRecord(declaration), 'customer', connectionId, fields);
    expect(decision.write).toEqual(write);
    expect(decision.leaveOut.map(({ erpField, groups }) => [erpField, groups])).toEqual(leaveOut);
  });
});
