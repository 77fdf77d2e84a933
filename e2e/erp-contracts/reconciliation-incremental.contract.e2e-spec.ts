import { randomBytes, randomUUID } from 'node:crypto';
import express from 'express';
import {
  addToTotals,
  canonicalReaderFor,
  compareCanonical,
  ferryInvoiceContribution,
  totalMismatchesOf,
  writtenErpFieldsOf,
  type PeriodTotals,
  type ReferenceResolver,
} from '@ferry/canonical-comparison';
import type { EntityMapping } from '@ferry/contracts';
import type { ErpConnectionContext, ErpRecord, ExternalIdPaging } from '@ferry/erp-core';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { latestTemplate } from '@ferry/erp-templates';
import { assembleMappedRecord, compileExpression, mappingProgram, plainData } from '@ferry/mapping';
import { createDataverseSimulator } from '@ferry/dynamics365-simulator';
import { sampleCustomerUpserted, sampleInvoiceUpserted } from '@ferry/testing';
import { serve } from './http-server';

/**
 * Incremental reconciliation and finance totals against the Dataverse simulator over HTTP, with the Dynamics
 * connector as a run uses it: the simulator counts every record it serves. After a full read (the last run), an
 * incremental read from that run's watermark is served only the records changed since, and the drift introduced
 * after the last run is among them; invoice totals per period find an invoice missing in the ERP when the ERP
 * holds as many invoices as Ferry delivered.
 */
async function mapThroughTemplate(mapping: EntityMapping, event: unknown) {
  const { program, slots } = mappingProgram(mapping);
  const input = plainData(event);
  const outcomes = [];
  for (const expression of program.expressions) {
    const maps = expression.valueMaps === undefined ? undefined : program.valueMapSets[expression.valueMaps];
    const value = (await compileExpression(expression.text, expression.id).evaluate(input, {
      valueMap: (name: string, key: unknown) => (key === undefined || key === null ? undefined : maps?.[name]?.[String(key)]),
    })) as unknown;
    outcomes.push({ ok: true as const, value: plainData(value) });
  }
  return assembleMappedRecord(slots, outcomes);
}

/** Ferry's books as a run reads them: per external id, the canonical body delivered, when, and the ERP id. */
interface BookEntry {
  body: Record<string, unknown>;
  deliveredAt: number;
  erpRecordId: string;
}

describe('incremental reconciliation and finance totals against the Dataverse simulator', () => {
  const simulator = createDataverseSimulator();
  let served = { records: 0, requests: 0 };
  const counting = express();
  counting.use((_request, response, next) => {
    const send = response.send.bind(response);
    response.send = (body: unknown) => {
      if (typeof body === 'string' && body.startsWith('{"@odata.context"')) {
        const value = (JSON.parse(body) as { value?: unknown[] }).value;
        if (Array.isArray(value)) {
          served.records += value.length;
          served.requests += 1;
        }
      }
      return send(body);
    };
    next();
  });
  counting.use(simulator.app);

  let server: Awaited<ReturnType<typeof serve>>;
  let connection: ErpConnectionContext;
  const connector = new Dynamics365Connector(fetch, 5_000, 50);
  const environment = `org${randomBytes(3).toString('hex')}`;
  const directory = randomUUID();
  const books = new Map<string, BookEntry>();
  // Accounts name no other record: nothing to resolve.
  const references: ReferenceResolver = { externalIdOf: () => undefined };
  const customerMapping = latestTemplate('dynamics365')!.entities['customer']! as unknown as EntityMapping;
  const invoiceMapping = latestTemplate('dynamics365')!.entities['invoice']! as unknown as EntityMapping;
  const customerIds = Array.from({ length: 30 }, (_, i) => `cust-${String(i).padStart(2, '0')}`);

  async function deliver(mapping: EntityMapping, event: Record<string, unknown>, bodyField: string): Promise<string> {
    const { externalId, payload } = await mapThroughTemplate(mapping, event);
    const { erpRecordId } = await connector.upsert(connection, { recordType: mapping.recordType, externalId, payload });
    books.set(externalId, { body: event[bodyField] as Record<string, unknown>, deliveredAt: Date.now(), erpRecordId });
    return externalId;
  }

  async function read(recordType: string, paging: Omit<ExternalIdPaging, 'pageSize'> = {}): Promise<ErpRecord[]> {
    served = { records: 0, requests: 0 };
    const records: ErpRecord[] = [];
    for await (const page of connector.readInExternalIdOrder(connection, recordType, { pageSize: 10, ...paging })) records.push(...page);
    return records;
  }

  const differencesOf = (records: ErpRecord[]) => {
    const reader = canonicalReaderFor('dynamics365', 'accounts')!;
    return records.flatMap((record) =>
      compareCanonical(books.get(record.externalId!)!.body, record.fields, reader, writtenErpFieldsOf(customerMapping), references).map(
        (difference) => ({ externalId: record.externalId, ...difference }),
      ),
    );
  };

  beforeAll(async () => {
    server = await serve(counting);
    await fetch(`${server.url}/__admin/environments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: environment, directoryId: directory, clients: [{ clientId: 'app-1', clientSecret: 's3cret' }] }),
    });
    connection = {
      tenantId: 'contract-tenant',
      connectionId: 'd365',
      erpKind: 'dynamics365',
      authKind: 'oauth2_client_credentials_secret',
      baseUrl: `${server.url}/${environment}`,
      settings: { clientId: 'app-1', tenantDirectoryId: directory, tokenUrl: `${server.url}/${directory}/oauth2/v2.0/token` },
      credentials: { clientSecret: 's3cret' },
    };
    for (const customerId of customerIds)
      await deliver(
        customerMapping,
        sampleCustomerUpserted('contract-tenant', { customerId, name: `Customer ${customerId}` }) as never,
        'customer',
      );
  });
  afterAll(async () => server.close());

  it('an incremental read after the last run is served only the records changed since, and finds the drift made after it', async () => {
    // The last run: a full read, every record served, nothing differs. Its window for next time opens a clock skew
    // (1 s here) before its start: the deliveries above are older than that.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const watermark = Date.now();
    const everything = await read('accounts');
    expect(served.records).toBe(30);
    expect(differencesOf(everything)).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // After it: someone edits two accounts in Dynamics; Ferry delivers a new version of a third.
    const edit = async (customerId: string, fields: Record<string, unknown>) => {
      const { externalId, payload } = await mapThroughTemplate(
        customerMapping,
        sampleCustomerUpserted('contract-tenant', { customerId, name: `Customer ${customerId}` }),
      );
      await connector.upsert(connection, { recordType: 'accounts', externalId, payload: { ...payload, ...fields } });
    };
    await edit('cust-04', { name: 'Renamed in Dynamics' });
    await edit('cust-17', { address1_city: 'Shelbyville' });
    await deliver(
      customerMapping,
      sampleCustomerUpserted('contract-tenant', { customerId: 'cust-25', name: 'Customer cust-25 v2' }) as never,
      'customer',
    );

    const changed = await read('accounts', { changedSince: new Date(watermark - 1_000).toISOString() });
    expect(served.records).toBe(3);
    expect(changed.map((record) => record.externalId)).toEqual(['ferry-cust-04', 'ferry-cust-17', 'ferry-cust-25']);
    expect(differencesOf(changed)).toEqual([
      { externalId: 'ferry-cust-04', field: 'name', ferryValue: 'Customer cust-04', erpValue: 'Renamed in Dynamics' },
      { externalId: 'ferry-cust-17', field: 'billingAddress.city', ferryValue: 'Springfield', erpValue: 'Shelbyville' },
    ]);
    // Every change was after the last run's start: a read from now is served nothing.
    await read('accounts', { changedSince: new Date(Date.now() + 60_000).toISOString() });
    expect(served.records).toBe(0);
  });

  it('invoice totals per period find an invoice missing in the ERP although both sides hold three', async () => {
    const invoice = (invoiceId: string, customerId: string, dueDate: string, amount: string) => {
      const event = sampleInvoiceUpserted('contract-tenant', customerId) as unknown as { invoice: Record<string, unknown> };
      Object.assign(event.invoice, { invoiceId, invoiceNumber: `INV-${invoiceId}`, dueDate, total: { amount, currency: 'USD' } });
      return event as unknown as Record<string, unknown>;
    };
    const delivered = [
      invoice('i-1', 'cust-01', '2026-11-10', '100.00'),
      invoice('i-2', 'cust-02', '2026-11-20', '250.50'),
      invoice('i-3', 'cust-03', '2026-12-05', '75.00'),
    ];
    for (const event of delivered.slice(0, 2)) await deliver(invoiceMapping, event, 'invoice');
    // i-3 is in Ferry's books but its write never reached the ERP …
    const { externalId: missing } = await mapThroughTemplate(invoiceMapping, delivered[2]);
    books.set(missing, { body: delivered[2]!['invoice'] as Record<string, unknown>, deliveredAt: Date.now(), erpRecordId: 'never' });
    // … and the ERP holds an invoice Ferry never sent, in the same month: three and three.
    const stray = await mapThroughTemplate(invoiceMapping, invoice('i-9', 'cust-09', '2026-12-28', '75.10'));
    await connector.upsert(connection, { recordType: 'invoices', externalId: stray.externalId, payload: stray.payload });

    const erpInvoices = await read('invoices');
    const ferryInvoices = [...books.entries()].filter(([externalId]) => externalId.startsWith('ferry-inv-'));
    expect(erpInvoices).toHaveLength(3);
    expect(ferryInvoices).toHaveLength(3);

    const reader = canonicalReaderFor('dynamics365', 'invoices')!;
    const totals: PeriodTotals = {};
    for (const [, entry] of ferryInvoices) addToTotals(totals, 'ferry', ferryInvoiceContribution(entry.body, reader.totals!.periodField));
    for (const record of erpInvoices) addToTotals(totals, 'erp', reader.totals!.erp(record.fields));
    expect(totalMismatchesOf(totals)).toEqual([
      { period: '2026-12', measure: 'amount', ferrySum: '75.00', erpSum: '75.10', difference: '0.10' },
      { period: '2026-12', measure: 'open_balance', ferrySum: '75.00', erpSum: '75.10', difference: '0.10' },
    ]);
  });
});
