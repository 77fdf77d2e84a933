import { dataverseErrorFrom, withDataverseMissingReference } from './dynamics365-connector';

const answer = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'Content-Type': 'application/json' } });
const order = { name: 'SO-1', 'customerid_account@odata.bind': "/accounts(ferry_externalid='ferry-cust-1')" };

describe('a Dataverse refusal of an upsert read against the request', () => {
  it.each<[string, () => Response, { payload: Record<string, unknown>; expectedVersion?: string }, string]>([
    [
      'missing reference: an order bound to an account Dataverse does not hold yet',
      () => answer(404, '0x80040217', "account With Ids = ferry_externalid='ferry-cust-1' Does Not Exist"),
      { payload: order },
      'missing_reference',
    ],
    [
      'still not_found: a conditional update (If-Match) of a record that is gone',
      () => answer(404, '0x80040217', 'salesorder With Id = x Does Not Exist'),
      { payload: order, expectedVersion: 'W/"7"' },
      'not_found',
    ],
    [
      'still not_found: a payload that binds nothing',
      () => answer(404, '0x80040217', 'account With Id = x Does Not Exist'),
      { payload: { name: 'Acme' } },
      'not_found',
    ],
    [
      'still not_found: an unknown entity set',
      () => answer(404, '0x80060888', "Resource not found for the segment 'orders'."),
      { payload: order },
      'not_found',
    ],
    [
      'still validation: an unknown column',
      () => answer(400, '0x80060888', "Could not find a property named 'nme'."),
      { payload: order },
      'validation',
    ],
  ])('%s', async (_case, response, request, errorClass) => {
    expect(withDataverseMissingReference(await dataverseErrorFrom(response(), 'upsert'), request).errorClass).toBe(errorClass);
  });
});
