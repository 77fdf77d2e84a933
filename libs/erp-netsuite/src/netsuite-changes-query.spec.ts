import { changedSinceQuery } from './netsuite-connector';

describe('the SuiteQL query for changed records', () => {
  it.each([
    ['customer, first read', 'customer', undefined, 'SELECT id FROM customer ORDER BY lastmodifieddate'],
    [
      'customer since',
      'customer',
      '2026-01-01T00:00:00Z',
      "SELECT id FROM customer WHERE lastmodifieddate >= '2026-01-01T00:00:00Z' ORDER BY lastmodifieddate",
    ],
    [
      'invoice: the transaction table, CustInvc',
      'invoice',
      '2026-01-01T00:00:00Z',
      "SELECT id FROM transaction WHERE type = 'CustInvc' AND lastmodifieddate >= '2026-01-01T00:00:00Z' ORDER BY lastmodifieddate",
    ],
    ['sales order', 'salesOrder', undefined, "SELECT id FROM transaction WHERE type = 'SalesOrd' ORDER BY lastmodifieddate"],
    ['item fulfilment', 'itemFulfillment', undefined, "SELECT id FROM transaction WHERE type = 'ItemShip' ORDER BY lastmodifieddate"],
    ['customer payment', 'customerPayment', undefined, "SELECT id FROM transaction WHERE type = 'CustPymt' ORDER BY lastmodifieddate"],
    [
      'a quote in the cursor is escaped',
      'customer',
      "x' OR '1'='1",
      "SELECT id FROM customer WHERE lastmodifieddate >= 'x'' OR ''1''=''1' ORDER BY lastmodifieddate",
    ],
  ])('%s', (_case, recordType, since, query) => {
    expect(changedSinceQuery(recordType, since)).toBe(query);
  });
});
