import { randomBytes } from 'node:crypto';
import type { ErpConnectionContext } from '@ferry/erp-core';
import { OracleFusionConnector } from '@ferry/erp-oracle-fusion';
import { createOracleFusionSimulator } from '@ferry/oracle-fusion-simulator';
import { serve } from './http-server';

/**
 * The ERP → product reads against the Fusion simulator: orders and invoices updated since a cursor
 * (`q=LastUpdateDate>='…'`, `orderBy=LastUpdateDate:asc`, limit / offset / hasMore), as Fusion's users ship
 * orders and apply receipts; a q Fusion cannot evaluate is refused with its ADF error document.
 */
describe('Oracle Fusion ERP event reads', () => {
  let simulator: ReturnType<typeof createOracleFusionSimulator>;
  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new OracleFusionConnector(undefined, undefined, 2);
  const pod = `pod${randomBytes(2).toString('hex')}`;
  const admin = async (path: string, body: unknown = {}) => {
    const response = await fetch(`${server.url}/__admin/pods/${pod}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, Record<string, unknown>> };
  };

  beforeAll(async () => {
    simulator = createOracleFusionSimulator();
    server = await serve(simulator.app);
    await fetch(`${server.url}/__admin/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: pod, users: [{ username: 'ferry', password: 'oracle-pw' }] }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 'fusion',
      erpKind: 'oracle_fusion',
      authKind: 'basic',
      baseUrl: `${server.url}/${pod}`,
      settings: { username: 'ferry' },
      credentials: { password: 'oracle-pw' },
    };
  });
  afterAll(async () => server.close());

  it('reads orders shipped and invoices part paid then paid, each change once after the cursor, across pages', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const orders = [];
    for (const n of [1, 2, 3])
      orders.push(
        await connector.upsert(connection, {
          recordType: 'salesOrdersForOrderHub',
          externalId: `ferry-so-${n}`,
          payload: {
            SourceTransactionNumber: `SO-${n}`,
            BuyingPartyNumber: 'ferry-c-1',
            lines: [{ SourceTransactionLineId: '1', ProductNumber: 'WIDGET-1', OrderedQuantity: 2 }],
          },
        }),
      );
    const created = await connector.listChangedSince!(connection, 'salesOrdersForOrderHub', start);
    expect(created.map((record) => record.erpRecordId)).toEqual(orders.map((order) => order.erpRecordId));
    expect(created[0]).toMatchObject({ externalId: 'ferry-so-1', fields: { StatusCode: 'OPEN', OrderNumber: expect.any(String) } });
    const cursor = created[2]!.lastModified!;

    expect((await admin(`/salesOrdersForOrderHub/${orders[1]!.erpRecordId}/ship`)).status).toBe(201);
    expect((await admin(`/salesOrdersForOrderHub/${orders[1]!.erpRecordId}/ship`)).status).toBe(409);
    const shipped = await connector.listChangedSince!(connection, 'salesOrdersForOrderHub', cursor);
    expect(shipped.map((record) => record.erpRecordId)).toEqual([orders[2]!.erpRecordId, orders[1]!.erpRecordId]);
    expect(shipped[1]!.fields['lines']).toEqual([expect.objectContaining({ StatusCode: 'SHIPPED' })]);

    const invoice = await connector.upsert(connection, {
      recordType: 'receivablesInvoices',
      externalId: 'ferry-inv-1',
      payload: {
        TransactionNumber: 'INV-1',
        BillToCustomerNumber: 'ferry-c-1',
        DueDate: '2099-12-31',
        InvoiceCurrencyCode: 'USD',
        receivablesInvoiceLines: [{ Description: 'WIDGET-1', Quantity: 2, UnitSellingPrice: 50 }],
      },
    });
    const [issued] = await connector.listChangedSince!(connection, 'receivablesInvoices', start);
    expect(issued!.fields).toMatchObject({ InvoiceStatus: 'Complete', InvoiceBalanceAmount: 100 });
    const part = await admin(`/receivablesInvoices/${invoice.erpRecordId}/receipts`, { amount: 40 });
    expect(part.body['invoice']).toMatchObject({ fields: expect.objectContaining({ InvoiceBalanceAmount: 60 }) });
    expect((await admin(`/receivablesInvoices/${invoice.erpRecordId}/receipts`, { amount: 61 })).status).toBe(409);
    const [partlyPaid] = await connector.listChangedSince!(connection, 'receivablesInvoices', issued!.lastModified!);
    expect(partlyPaid!.fields).toMatchObject({ InvoiceBalanceAmount: 60 });
    await admin(`/receivablesInvoices/${invoice.erpRecordId}/receipts`);
    const receipts = await connector.listChangedSince!(connection, 'standardReceipts', start);
    expect(receipts.map((receipt) => receipt.fields['Amount'])).toEqual([40, 60]);
    expect(receipts[0]!.fields['remittanceReferences']).toEqual([
      expect.objectContaining({ ReferenceNumber: 'INV-1', ReferenceAmount: 40, CustomerTransactionId: Number(invoice.erpRecordId) }),
    ]);
  });

  it('has a background team, switched on and off, that ships orders and pays invoices', async () => {
    const put = async (body: unknown) =>
      fetch(`${server.url}/__admin/pods/${pod}/activity`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ enabled: 'yes' })).status).toBe(400);
    const invoice = await connector.upsert(connection, {
      recordType: 'receivablesInvoices',
      externalId: 'ferry-inv-team',
      payload: {
        TransactionNumber: 'INV-T',
        BillToCustomerNumber: 'ferry-c-1',
        receivablesInvoiceLines: [{ Quantity: 1, UnitSellingPrice: 5 }],
      },
    });
    expect(await (await put({ enabled: true, intervalMs: 100 })).json()).toEqual({ enabled: true, intervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await (await put({ enabled: false })).json()).toEqual({ enabled: false, intervalMs: 10_000 });
    const [paid] = (await connector.listRecords(connection, 'receivablesInvoices', "TransactionNumber='INV-T'")).filter(
      (record) => record.erpRecordId === invoice.erpRecordId,
    );
    expect(paid!.fields['InvoiceBalanceAmount']).toBe(0);
  });

  it('refuses a q naming an unknown attribute or an unreadable date with Fusion’s 400 document', async () => {
    for (const q of ["NoSuchAttribute='1'", "LastUpdateDate>'yesterday'", 'LastUpdateDate>2026']) {
      const response = await fetch(
        `${server.url}/${pod}/fscmRestApi/resources/11.13.18.05/receivablesInvoices?${new URLSearchParams({ q }).toString()}`,
        { headers: { Authorization: `Basic ${Buffer.from('ferry:oracle-pw').toString('base64')}` } },
      );
      expect({ q, status: response.status }).toEqual({ q, status: 400 });
      expect(response.headers.get('content-type')).toContain('application/vnd.oracle.adf.error+json');
      expect(await response.json()).toMatchObject({ title: 'Bad Request', status: '400', 'o:errorDetails': [expect.any(Object)] });
    }
  });
});
