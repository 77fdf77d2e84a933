import { randomBytes } from 'node:crypto';
import type { ErpConnectionContext } from '@ferry/erp-core';
import { SapS4Connector } from '@ferry/erp-sap-s4';
import { createSapS4Simulator } from '@ferry/sap-s4-simulator';
import { serve } from './http-server';

/**
 * The ERP → product reads against the S/4HANA simulator: changed sales orders, billing documents (with the
 * order on their items) and outbound deliveries (goods issue, bill of lading) since a cursor, in change order,
 * as S/4's own users move them on; a $filter S/4 cannot evaluate is refused with its error document.
 */
describe('SAP S/4HANA ERP event reads', () => {
  let simulator: Awaited<ReturnType<typeof createSapS4Simulator>>;
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new SapS4Connector();
  const systemId = `S4E${randomBytes(2).toString('hex').toUpperCase()}`;
  const user = `FERRY_${systemId}`;
  const admin = async (path: string, body: unknown = {}) => {
    const response = await fetch(`${server.url}/__admin/systems/${systemId}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const get = async (path: string) =>
    fetch(`${server.url}/sap/opu/odata/sap/${path}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${user}:Welcome1!`).toString('base64')}`, Accept: 'application/json' },
    });

  beforeAll(async () => {
    simulator = await createSapS4Simulator();
    server = await serve(simulator.app);
    simulator.listening(server.httpServer, server.url);
    await fetch(`${server.url}/__admin/systems`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ systemId, users: [{ user, password: 'Welcome1!' }] }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 's4',
      erpKind: 'sap_s4',
      authKind: 'basic',
      baseUrl: server.url,
      settings: { communicationUser: user },
      credentials: { password: 'Welcome1!' },
    };
  });
  afterAll(async () => server.close());

  it('reads an order from acknowledged through delivered, billed and cleared, each change after the cursor', async () => {
    await connector.upsert(connection, {
      recordType: 'A_BusinessPartner',
      externalId: 'FERRY-c-1',
      payload: { BusinessPartnerCategory: '2', OrganizationBPName1: 'Bestrun GmbH' },
    });
    const start = new Date(Date.now() - 1000).toISOString();
    const order = await connector.upsert(connection, {
      recordType: 'A_SalesOrder',
      externalId: 'FERRY-SO-1',
      payload: {
        SalesOrderType: 'OR',
        SoldToParty: { __ferryRef: 'A_BusinessPartner', externalId: 'FERRY-c-1' },
        TransactionCurrency: 'EUR',
        to_Item: [{ SalesOrderItem: '10', Material: 'TG11', RequestedQuantity: '3' }],
      },
    });
    const [created] = await connector.listChangedSince!(connection, 'A_SalesOrder', start);
    expect(created).toMatchObject({
      erpRecordId: order.erpRecordId,
      externalId: 'FERRY-SO-1',
      lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      fields: { OverallSDProcessStatus: 'A', OverallTotalDeliveryStatus: 'A', OverallSDDocumentRejectionSts: 'A', TotalNetAmount: '30' },
    });
    expect(await connector.listChangedSince!(connection, 'A_SalesOrder', new Date(Date.now() + 60_000).toISOString())).toEqual([]);

    const delivered = await admin(`/salesOrders/${order.erpRecordId}/deliver`, { billOfLading: '1Z999AA10123456784' });
    expect(delivered.status).toBe(201);
    expect((await admin(`/salesOrders/${order.erpRecordId}/deliver`)).status).toBe(409);
    const [delivery] = await connector.listChangedSince!(connection, 'A_OutbDeliveryHeader', start);
    expect(delivery).toMatchObject({
      erpRecordId: delivered.body['DeliveryDocument'],
      lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      fields: {
        OverallGoodsMovementStatus: 'C',
        BillOfLading: '1Z999AA10123456784',
        to_DeliveryDocumentItem: [expect.objectContaining({ ReferenceSDDocument: order.erpRecordId, Material: 'TG11' })],
      },
    });
    // A delivery is filtered by its change day: the ones changed before the cursor that day are not read again.
    expect(await connector.listChangedSince!(connection, 'A_OutbDeliveryHeader', new Date(Date.now() + 5000).toISOString())).toEqual([]);

    const billed = await admin(`/salesOrders/${order.erpRecordId}/bill`);
    const billingDocument = String(billed.body['BillingDocument']);
    const [invoice] = await connector.listChangedSince!(connection, 'A_BillingDocument', start);
    expect(invoice).toMatchObject({
      erpRecordId: billingDocument,
      fields: {
        InvoiceClearingStatus: 'A',
        TotalGrossAmount: '30',
        to_Item: [expect.objectContaining({ SalesDocument: order.erpRecordId })],
      },
    });
    const afterBilling = invoice!.lastModified!;
    expect((await admin(`/billingDocuments/${billingDocument}/clear`, { amount: 10 })).body).toMatchObject({ InvoiceClearingStatus: 'B' });
    expect((await admin(`/billingDocuments/${billingDocument}/clear`, { amount: 25 })).status).toBe(409);
    expect((await admin(`/billingDocuments/${billingDocument}/clear`, {})).body).toMatchObject({ InvoiceClearingStatus: 'C' });
    const [cleared] = await connector.listChangedSince!(connection, 'A_BillingDocument', afterBilling);
    expect(cleared!.lastModified! > afterBilling).toBe(true);
    expect(cleared!.fields).toMatchObject({ InvoiceClearingStatus: 'C' });
    const [orderNow] = await connector.listChangedSince!(connection, 'A_SalesOrder', start);
    expect(orderNow!.fields).toMatchObject({
      OverallSDProcessStatus: 'C',
      OverallTotalDeliveryStatus: 'C',
      OverallOrdReltdBillgStatus: 'C',
    });
  });

  it('has a background team, switched on and off, that delivers, bills and clears', async () => {
    const put = async (body: unknown) =>
      fetch(`${server.url}/__admin/systems/${systemId}/activity`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ enabled: true, intervalMs: 50 })).status).toBe(400);
    const order = await connector.upsert(connection, {
      recordType: 'A_SalesOrder',
      externalId: 'FERRY-SO-team',
      payload: {
        SalesOrderType: 'OR',
        SoldToParty: { __ferryRef: 'A_BusinessPartner', externalId: 'FERRY-c-1' },
        to_Item: [{ SalesOrderItem: '10', Material: 'TG11', RequestedQuantity: '1' }],
      },
    });
    expect(await (await put({ enabled: true, intervalMs: 100 })).json()).toEqual({ enabled: true, intervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await (await put({ enabled: false })).json()).toEqual({ enabled: false, intervalMs: 10_000 });
    const billed = (await connector.listRecords(connection, 'A_BillingDocument')).filter((record) =>
      (record.fields['to_Item'] as { SalesDocument?: string }[]).some((item) => item.SalesDocument === order.erpRecordId),
    );
    expect(billed.map((record) => record.fields['InvoiceClearingStatus'])).toEqual(['C']);
  });

  it('refuses a $filter it cannot evaluate with SAP’s error document, and a malformed time literal', async () => {
    for (const filter of [
      "LastChangeDateTime ge datetimeoffset'2026-01-01T00:00:00Z' or SalesOrder eq '1'",
      "NoSuchProperty eq '1'",
      "LastChangeDateTime ge datetimeoffset'yesterday'",
    ]) {
      const response = await get(`API_SALES_ORDER_SRV/A_SalesOrder?$format=json&$filter=${encodeURIComponent(filter)}`);
      expect({ filter, status: response.status }).toEqual({ filter, status: 400 });
      const body = (await response.json()) as { error?: { code?: string; message?: { value?: string } } };
      expect(body.error).toEqual(
        expect.objectContaining({ code: expect.any(String), message: expect.objectContaining({ value: expect.any(String) }) }),
      );
    }
  });

  it('keeps billing documents and deliveries read only, as S/4 does', async () => {
    const response = await fetch(`${server.url}/sap/opu/odata/sap/API_BILLING_DOCUMENT_SRV/A_BillingDocument`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${user}:Welcome1!`).toString('base64')}`, 'X-CSRF-Token': 'Fetch' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });
});
