import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';
import { SapS4Connector } from './sap-s4-connector';

const connection: ErpConnectionContext = {
  tenantId: 't1',
  connectionId: 'erp',
  erpKind: 'sap_s4',
  authKind: 'basic',
  baseUrl: 'https://my1234-api.s4hana.ondemand.com',
  settings: { communicationUser: 'FERRY' },
  credentials: { password: 'planted-password' },
};

/** SAP answers every look-up by external id with these business partners, and creates whatever is posted. */
function sapHolding(partners: Record<string, string>): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (new Headers(init?.headers).get('X-CSRF-Token') === 'Fetch') return new Response('', { headers: { 'x-csrf-token': 'token-1' } });
    if (init?.method === 'POST') return Response.json({ d: { SalesOrder: '5000001' } }, { status: 201 });
    const filter = url.searchParams.get('$filter') ?? '';
    const externalId = /'([^']*)'/.exec(filter)?.[1] ?? '';
    const found = url.pathname.endsWith('/A_BusinessPartner') && partners[externalId] ? [{ BusinessPartner: partners[externalId] }] : [];
    return Response.json({ d: { results: found } });
  }) as typeof fetch;
}

const order = {
  recordType: 'A_SalesOrder',
  externalId: 'ferry-so-1',
  payload: { SoldToParty: { __ferryRef: 'A_BusinessPartner', externalId: 'ferry-cust-1' }, PurchaseOrderByCustomer: 'PO-1' },
};

describe('an SAP order whose business partner is referenced by Ferry external id', () => {
  it('is a missing reference (retried for a while), not a validation error, while SAP does not hold the partner', async () => {
    const error = await new SapS4Connector(sapHolding({})).upsert(connection, order).then(
      () => undefined,
      (failure: unknown) => failure as ErpError,
    );
    expect(error).toBeInstanceOf(ErpError);
    expect(error?.errorClass).toBe('missing_reference');
    expect(error?.message).toBe('SoldToParty refers to A_BusinessPartner with external id ferry-cust-1, which SAP does not hold (yet)');
  });

  it('is written once SAP holds the partner', async () => {
    await expect(new SapS4Connector(sapHolding({ 'ferry-cust-1': '1000042' })).upsert(connection, order)).resolves.toEqual({
      erpRecordId: '5000001',
    });
  });
});
