import { ErpError } from '@ferry/erp-core';
import { netsuiteErrorFrom, withNetSuiteMissingReference } from './netsuite-errors';

function netsuiteAnswer(status: number, detail: { detail: string; 'o:errorCode'?: string; 'o:errorPath'?: string }): Response {
  return new Response(JSON.stringify({ title: 'Bad Request', 'o:errorDetails': [detail] }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}
const invalidValue = (value: string, path: string) =>
  netsuiteAnswer(400, {
    detail: `Invalid Field Value ${value} for the following field: ${path}`,
    'o:errorCode': 'INVALID_VALUE',
    'o:errorPath': path,
  });
const order = { entity: { externalId: 'ferry-cust-1' }, tranId: 'SO-1', subsidiary: { id: '99' }, item: { items: [] } };

describe('a NetSuite refusal read against the payload sent', () => {
  it.each<[string, () => Response, Record<string, unknown>, string]>([
    [
      'missing reference: an order whose customer (by Ferry external id) NetSuite does not hold yet',
      () => invalidValue('ferry-cust-1', 'entity'),
      order,
      'missing_reference',
    ],
    [
      'missing reference: a payment whose customer NetSuite does not hold yet',
      () => invalidValue('ferry-cust-1', 'customer'),
      { customer: { externalId: 'ferry-cust-1' } },
      'missing_reference',
    ],
    [
      'still validation: a reference by internal id that does not resolve (a configuration value, not a record in flight)',
      () => invalidValue('99', 'subsidiary'),
      order,
      'validation',
    ],
    [
      'still validation: a reference by external id that is empty',
      () => invalidValue('', 'entity'),
      { entity: { externalId: '' } },
      'validation',
    ],
    ['still validation: a plain field with a value NetSuite refuses', () => invalidValue('SO-1', 'tranId'), order, 'validation'],
    ['still validation: a field NetSuite names that the payload does not carry', () => invalidValue('x', 'parent'), order, 'validation'],
    [
      'still validation: another error code on a reference field',
      () => netsuiteAnswer(400, { detail: 'Please enter value(s) for: Customer', 'o:errorCode': 'USER_ERROR', 'o:errorPath': 'entity' }),
      order,
      'validation',
    ],
    ['still retryable: a server error', () => netsuiteAnswer(503, { detail: 'unavailable' }), order, 'retryable'],
  ])('%s', async (_case, answer, payload, errorClass) => {
    const error = withNetSuiteMissingReference(await netsuiteErrorFrom(answer(), 'upsert'), payload);
    expect(error).toBeInstanceOf(ErpError);
    expect(error.errorClass).toBe(errorClass);
  });

  it('says which reference is missing, keeping NetSuite’s code and path', async () => {
    const error = withNetSuiteMissingReference(await netsuiteErrorFrom(invalidValue('ferry-cust-1', 'entity'), 'upsert'), order);
    expect(error.message).toBe(
      'NetSuite upsert failed: 400 INVALID_VALUE at entity: Invalid Field Value ferry-cust-1 for the following field: entity ' +
        '(entity refers to external id ferry-cust-1, which NetSuite does not hold (yet))',
    );
    expect(error.details).toMatchObject({ status: 400, erpCode: 'INVALID_VALUE', erpPath: 'entity' });
  });
});
