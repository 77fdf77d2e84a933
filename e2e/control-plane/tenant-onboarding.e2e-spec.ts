import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaCatalog, Topics, type SyncStatus, type TenantConfiguration } from '@ferry/contracts';
import {
  FerryApiClient,
  TopicCollector,
  onboardNetSuiteTenant,
  onboardWebhookTenant,
  sampleCustomerUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

interface NetSuiteRecord {
  id: string;
  externalId: string;
  fields: Record<string, unknown>;
}

const PLANTED_SECRET = `planted-secret-${randomUUID()}`;

describe('tenant control plane: onboarding, live configuration, isolation', () => {
  const run = randomUUID().slice(0, 6);
  const netsuiteTenant = `cp-ns-${run}`;
  const webhookTenant = `cp-wh-${run}`;
  const account = `TSTDRV-CP-${run.toUpperCase()}`;
  let ferry: E2eEnvironment;
  let statuses: TopicCollector<SyncStatus>;
  let ns: { apiKey: string; api: FerryApiClient; ingest: FerryApiClient; observe: FerryApiClient };
  let wh: { apiKey: string; endpointId: string; ingest: FerryApiClient };

  const netsuiteRecords = async (type: string): Promise<NetSuiteRecord[]> =>
    (await fetch(`${ferry.simulatorUrl}/__admin/accounts/${account}/records/${type}`)).json() as Promise<NetSuiteRecord[]>;
  const webhookRecords = async (): Promise<{ externalId: string; type: string; record: Record<string, unknown> }[]> =>
    (await fetch(`${ferry.webhookReceiverUrl}/__admin/endpoints/${wh.endpointId}/records`)).json() as Promise<
      { externalId: string; type: string; record: Record<string, unknown> }[]
    >;
  const delivered = (eventId: string) =>
    waitUntil(
      `delivery of ${eventId}`,
      () => statuses.where((s) => s.eventId === eventId && s.stage === 'delivery' && s.status === 'delivered')[0],
      60_000,
    );
  const send = (client: FerryApiClient, tenantId: string, events: { type: string; event: unknown }[]) =>
    client.expectOk('POST', `/v1/tenants/${tenantId}/events`, { events });

  beforeAll(async () => {
    ferry = await startFerry();
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    const a = await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId: netsuiteTenant,
      accountId: account,
      simulatorUrl: ferry.simulatorUrl,
      extraCredentials: { note: PLANTED_SECRET },
    });
    const b = await onboardWebhookTenant({
      controlPlane: ferry.controlPlane,
      tenantId: webhookTenant,
      receiverUrl: ferry.webhookReceiverUrl,
    });
    ns = {
      apiKey: a.apiKey,
      api: new FerryApiClient(ferry.processes.url('control-plane'), a.apiKey),
      ingest: new FerryApiClient(ferry.processes.url('ingestion'), a.apiKey),
      observe: new FerryApiClient(ferry.processes.url('observability'), a.apiKey),
    };
    wh = { apiKey: b.apiKey, endpointId: b.endpointId, ingest: new FerryApiClient(ferry.processes.url('ingestion'), b.apiKey) };
  });

  afterAll(async () => {
    await statuses?.stop();
    await ferry?.stop();
  });

  it('delivers the same canonical order as two different ERP payloads for tenants onboarded from two templates', async () => {
    for (const [client, tenantId] of [
      [ns.ingest, netsuiteTenant],
      [wh.ingest, webhookTenant],
    ] as const) {
      const customer = sampleCustomerUpserted(tenantId, { customerId: 'cust-shared', name: 'Shared Customer Ltd' });
      const order = sampleSalesOrderUpserted(tenantId, { orderId: 'so-shared', customerId: 'cust-shared' });
      await send(client, tenantId, [
        { type: 'CustomerUpserted', event: customer },
        { type: 'SalesOrderUpserted', event: order },
      ]);
      await delivered(order.envelope.eventId);
    }
    const [salesOrder] = await netsuiteRecords('salesOrder');
    expect(salesOrder).toMatchObject({
      externalId: 'ferry-so-so-shared',
      fields: {
        entity: { externalId: 'ferry-cust-shared' },
        tranId: 'SO-SO-SHARED',
        currency: { refName: 'USD' },
        otherRefNum: 'PO-so-shared',
      },
    });
    expect((salesOrder!.fields['item'] as { items: unknown[] }).items).toEqual([
      { item: { externalId: 'WIDGET-1' }, quantity: 10, rate: 100, description: 'Widget' },
      { item: { externalId: 'SERVICE-1' }, quantity: 1, rate: 150, description: 'Installation' },
    ]);
    const webhookOrder = (await webhookRecords()).find((record) => record.type === 'order');
    expect(webhookOrder).toMatchObject({
      externalId: 'so-shared',
      record: {
        id: 'so-shared',
        number: 'SO-SO-SHARED',
        customerId: 'cust-shared',
        total: { amount: '1250.00', currency: 'USD' },
        lines: [
          { sku: 'WIDGET-1', quantity: '10', unitPrice: '100.00' },
          { sku: 'SERVICE-1', quantity: '1', unitPrice: '150.00' },
        ],
      },
    });
  });

  let versionBeforeMemo = 0;

  it('applies a mapping changed live to the next event, with the new configuration version on its SyncStatus', async () => {
    versionBeforeMemo = (await ns.api.expectOk<{ version: number }>('GET', `/v1/tenants/${netsuiteTenant}`)).version;
    const changed = await ns.api.expectOk<{ version: number }>('PUT', `/v1/tenants/${netsuiteTenant}/mappings/sales_order`, {
      fieldExpressions: { memo: "'Ordered on PO ' & order.purchaseOrderNumber" },
    });
    expect(changed.version).toBe(versionBeforeMemo + 1);
    const order = sampleSalesOrderUpserted(netsuiteTenant, { orderId: 'so-memo', customerId: 'cust-shared' });
    await send(ns.ingest, netsuiteTenant, [{ type: 'SalesOrderUpserted', event: order }]);
    const status = await delivered(order.envelope.eventId);
    expect(status.value.configVersion).toBe(changed.version);
    expect((await netsuiteRecords('salesOrder')).find((r) => r.externalId === 'ferry-so-so-memo')?.fields['memo']).toBe(
      'Ordered on PO PO-so-memo',
    );
  });

  it('rejects invalid JSONata with 400 and the position of the error', async () => {
    const response = await ns.api.request<{ error: { code: string; details: { path: string; position: number; code: string }[] } }>(
      'PUT',
      `/v1/tenants/${netsuiteTenant}/mappings/sales_order`,
      {
        fieldExpressions: { memo: "'PO ' & & order.purchaseOrderNumber" },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_CONFIGURATION');
    expect(response.body.error.details).toEqual([
      expect.objectContaining({
        code: 'INVALID_EXPRESSION',
        path: 'mappings.sales_order.fieldExpressions.memo',
        position: expect.any(Number),
      }),
    ]);
  });

  it('rejects a mapping that no longer produces a required ERP field, naming it', async () => {
    const response = await ns.api.request<{ error: { details: { code: string; message: string }[] } }>(
      'PUT',
      `/v1/tenants/${netsuiteTenant}/mappings/sales_order`,
      { fieldExpressions: { 'entity.externalId': null } },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      expect.objectContaining({ code: 'REQUIRED_FIELD_MISSING', message: expect.stringContaining('requires field "entity.externalId"') }),
    ]);
  });

  it('turns an event a rule rejects into an exception naming the rule, visible through the API', async () => {
    await ns.api.expectOk('PUT', `/v1/tenants/${netsuiteTenant}/rules/orders-over-10k-need-approval`, {
      entityType: 'sales_order',
      kind: 'reject',
      condition: "$number(order.total.amount) > 10000 and $not(order.attributes.approved = 'true')",
      message: 'orders over 10,000 need the approved attribute',
    });
    const big = sampleSalesOrderUpserted(netsuiteTenant, { orderId: 'so-big', customerId: 'cust-shared', total: '25000.00' });
    await send(ns.ingest, netsuiteTenant, [{ type: 'SalesOrderUpserted', event: big }]);
    const exception = await waitUntil('the exception', async () => {
      const { items } = await ns.observe.expectOk<{
        items: { eventId: string; errorCode: string; errorMessage: string; status: string }[];
      }>('GET', `/v1/tenants/${netsuiteTenant}/exceptions`);
      return items.find((item) => item.eventId === big.envelope.eventId);
    });
    expect(exception).toMatchObject({ status: 'dead_lettered', errorCode: 'RULE_REJECTED' });
    expect(exception.errorMessage).toContain(
      'rule "orders-over-10k-need-approval" rejected the sales_order: orders over 10,000 need the approved attribute',
    );
    expect((await netsuiteRecords('salesOrder')).some((r) => r.externalId === 'ferry-so-so-big')).toBe(false);
  });

  it('rolls back to an earlier version, restoring the previous payload', async () => {
    const rolledBack = await ns.api.expectOk<{ version: number; change: string }>(
      'POST',
      `/v1/tenants/${netsuiteTenant}/configuration/rollback`,
      { version: versionBeforeMemo },
    );
    expect(rolledBack.change).toBe(`rolled back to version ${versionBeforeMemo}`);
    const order = sampleSalesOrderUpserted(netsuiteTenant, { orderId: 'so-after-rollback', customerId: 'cust-shared', total: '25000.00' });
    await send(ns.ingest, netsuiteTenant, [{ type: 'SalesOrderUpserted', event: order }]);
    expect((await delivered(order.envelope.eventId)).value.configVersion).toBe(rolledBack.version);
    const record = (await netsuiteRecords('salesOrder')).find((r) => r.externalId === 'ferry-so-so-after-rollback');
    expect(record?.fields['memo']).toBeUndefined();
    const audit = await ns.api.expectOk<{ items: { action: string }[] }>('GET', `/v1/tenants/${netsuiteTenant}/audit`);
    expect(audit.items.map((item) => item.action)).toEqual(
      expect.arrayContaining([
        `rolled back to version ${versionBeforeMemo}`,
        'set mapping sales_order',
        'set rule orders-over-10k-need-approval',
      ]),
    );
  });

  it('previews the exact payload of a proposed mapping without sending anything', async () => {
    const before = (await netsuiteRecords('salesOrder')).length;
    const preview = await ns.api.expectOk<{ configuration: string; outcome: string; deliveries: { payload: Record<string, unknown> }[] }>(
      'POST',
      `/v1/tenants/${netsuiteTenant}/preview`,
      {
        type: 'SalesOrderUpserted',
        event: sampleSalesOrderUpserted(netsuiteTenant, { orderId: 'so-preview', customerId: 'cust-shared' }),
        proposed: { mappingOverrides: { sales_order: { fieldExpressions: { memo: "'preview ' & order.orderNumber" } } } },
      },
    );
    expect(preview).toMatchObject({ configuration: 'proposed', outcome: 'deliver' });
    expect(preview.deliveries[0]!.payload).toMatchObject({ memo: 'preview SO-SO-PREVIEW', entity: { externalId: 'ferry-cust-shared' } });
    expect((await netsuiteRecords('salesOrder')).length).toBe(before);
  });

  it('upgrades a tenant to a new template version, keeping its overrides and showing the diff', async () => {
    const tenantId = `cp-up-${run}`;
    await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      accountId: `TSTDRV-UP-${run.toUpperCase()}`,
      simulatorUrl: ferry.simulatorUrl,
      templateVersion: 1,
      mappingOverrides: { customer: { fieldExpressions: { email: 'customer.contacts[0].email' } } },
    });
    const diff = await ferry.controlPlane.expectOk<{
      from: string;
      to: string;
      changes: { field: string; change: string }[];
      overridesKept: string[];
    }>('GET', `/v1/tenants/${tenantId}/template-upgrade`);
    expect(diff).toMatchObject({ from: 'netsuite@1', to: 'netsuite@2', overridesKept: ['customer.email'] });
    expect(diff.changes).toEqual([expect.objectContaining({ field: 'accountNumber', change: 'added' })]);
    await ferry.controlPlane.expectOk('POST', `/v1/tenants/${tenantId}/template-upgrade`, {});
    const configuration = await ferry.controlPlane.expectOk<TenantConfiguration>('GET', `/v1/tenants/${tenantId}/configuration`);
    const customer = configuration.mappings.find((m) => m.entityType === 'customer')!;
    expect(configuration.template).toBe('netsuite@2');
    expect(customer.fieldExpressions['email']).toBe('customer.contacts[0].email');
    expect(customer.fieldExpressions['accountNumber']).toBe('customer.accountNumber');
  });

  it('never lets one tenant’s key read or write another tenant’s data, on any tenant-scoped endpoint', async () => {
    const b = webhookTenant;
    const cp = ferry.processes.url('control-plane');
    const endpoints: [string, string, string, unknown?][] = [
      [cp, 'GET', `/v1/tenants/${b}`],
      [cp, 'PATCH', `/v1/tenants/${b}`, { displayName: 'hijacked' }],
      [cp, 'GET', `/v1/tenants/${b}/configuration`],
      [cp, 'GET', `/v1/tenants/${b}/configuration/versions`],
      [cp, 'POST', `/v1/tenants/${b}/configuration/rollback`, { version: 1 }],
      [cp, 'GET', `/v1/tenants/${b}/audit`],
      [cp, 'GET', `/v1/tenants/${b}/connections`],
      [
        cp,
        'PUT',
        `/v1/tenants/${b}/connections/evil`,
        { erpKind: 'webhook', baseUrl: 'http://evil.example', authKind: 'hmac_sha256', credentials: { signingSecret: 'x' } },
      ],
      [cp, 'DELETE', `/v1/tenants/${b}/connections/webhook-main`],
      [cp, 'GET', `/v1/tenants/${b}/mappings`],
      [cp, 'PUT', `/v1/tenants/${b}/mappings/customer`, { fieldExpressions: { name: "'x'" } }],
      [cp, 'DELETE', `/v1/tenants/${b}/mappings/customer`],
      [cp, 'GET', `/v1/tenants/${b}/rules`],
      [cp, 'PUT', `/v1/tenants/${b}/rules/evil`, { entityType: 'customer', kind: 'skip', condition: 'true' }],
      [cp, 'DELETE', `/v1/tenants/${b}/rules/evil`],
      [cp, 'PUT', `/v1/tenants/${b}/policies`, {}],
      [cp, 'GET', `/v1/tenants/${b}/template-upgrade`],
      [cp, 'POST', `/v1/tenants/${b}/template-upgrade`, {}],
      [cp, 'POST', `/v1/tenants/${b}/preview`, { type: 'CustomerUpserted', event: sampleCustomerUpserted(b) }],
      [cp, 'POST', `/v1/tenants/${b}/api-keys`, { scopes: ['admin'] }],
      [cp, 'GET', `/v1/tenants/${b}/api-keys`],
      [cp, 'DELETE', `/v1/tenants/${b}/api-keys/000000000000`],
      [cp, 'POST', '/v1/tenants', { tenantId: `cp-evil-${run}`, displayName: 'x', template: 'webhook' }],
      [cp, 'POST', '/v1/schema-impact', { subject: 'io.ferry.customer.v1.CustomerUpserted', schema: {} }],
      [cp, 'POST', '/v1/operations/secret-rotation'],
      [
        ferry.processes.url('ingestion'),
        'POST',
        `/v1/tenants/${b}/events`,
        { events: [{ type: 'CustomerUpserted', event: sampleCustomerUpserted(b) }] },
      ],
      [ferry.processes.url('observability'), 'GET', `/v1/tenants/${b}/sync-summary`],
      [ferry.processes.url('observability'), 'GET', `/v1/tenants/${b}/sync-statuses`],
      [ferry.processes.url('observability'), 'GET', `/v1/tenants/${b}/exceptions`],
      [ferry.processes.url('observability'), 'GET', `/v1/tenants/${b}/dead-letters`],
      [ferry.processes.url('observability'), 'GET', `/v1/tenants/${b}/dead-letters/any-id`],
      [ferry.processes.url('observability'), 'POST', `/v1/tenants/${b}/dead-letters/replay`, { ids: ['any-id'], dryRun: true }],
      [ferry.processes.url('delivery-webhook'), 'GET', `/v1/tenants/${b}/delivery-lanes`],
      [ferry.processes.url('delivery-webhook'), 'POST', `/v1/tenants/${b}/delivery-lanes/webhook-main/resume`],
      [ferry.processes.url('reconciliation'), 'POST', `/v1/tenants/${b}/reconciliation-runs`],
      [ferry.processes.url('reconciliation'), 'GET', `/v1/tenants/${b}/reconciliation-runs/00000000-0000-0000-0000-000000000000`],
      [ferry.processes.url('master-data'), 'GET', `/v1/tenants/${b}/golden-customers/any-id`],
      [ferry.processes.url('master-data'), 'POST', `/v1/tenants/${b}/golden-customers/any-id/split`, { recordKeys: ['product:any'] }],
      [ferry.processes.url('master-data'), 'GET', `/v1/tenants/${b}/match-reviews`],
      [ferry.processes.url('master-data'), 'POST', `/v1/tenants/${b}/match-reviews/any-id/decision`, { decision: 'merge' }],
      [ferry.processes.url('master-data'), 'GET', `/v1/tenants/${b}/operator-audit`],
    ];
    const versionBefore = (await ferry.controlPlane.expectOk<{ version: number }>('GET', `/v1/tenants/${b}`)).version;
    for (const [base, method, path, body] of endpoints) {
      const response = await new FerryApiClient(base, ns.apiKey).request(method, path, body);
      expect({ call: `${method} ${path}`, status: response.status }).toEqual({ call: `${method} ${path}`, status: 403 });
      expect(JSON.stringify(response.body)).not.toContain(wh.endpointId);
      const anonymous = await new FerryApiClient(base).request(method, path, body);
      expect({ call: `${method} ${path}`, status: anonymous.status }).toEqual({ call: `${method} ${path}`, status: 401 });
    }
    expect((await ferry.controlPlane.expectOk<{ version: number }>('GET', `/v1/tenants/${b}`)).version).toBe(versionBefore);
  });

  it('stops accepting a revoked API key everywhere', async () => {
    const created = await ns.api.expectOk<{ keyId: string; apiKey: string }>('POST', `/v1/tenants/${netsuiteTenant}/api-keys`, {
      scopes: ['read'],
      label: 'short-lived',
    });
    const observe = new FerryApiClient(ferry.processes.url('observability'), created.apiKey);
    expect((await observe.request('GET', `/v1/tenants/${netsuiteTenant}/sync-summary`)).status).toBe(200);
    expect((await observe.request('POST', `/v1/tenants/${netsuiteTenant}/events`)).status).toBe(404);
    expect(
      (
        await new FerryApiClient(ferry.processes.url('ingestion'), created.apiKey).request('POST', `/v1/tenants/${netsuiteTenant}/events`, {
          events: [],
        })
      ).status,
    ).toBe(403);
    await ns.api.expectOk('DELETE', `/v1/tenants/${netsuiteTenant}/api-keys/${created.keyId}`);
    await waitUntil('revocation to reach observability', async () =>
      (await observe.request('GET', `/v1/tenants/${netsuiteTenant}/sync-summary`)).status === 401 ? true : undefined,
    );
  });

  it('lists, before a schema change is registered, the tenants whose mappings it would break, with the expression', async () => {
    const current = SchemaCatalog.load().subject('io.ferry.customer.v1.CustomerUpserted');
    const proposed = JSON.parse(current.schemaText) as { fields: { name: string; type: { fields: { name: string }[] } }[] };
    const customer = proposed.fields.find((field) => field.name === 'customer')!.type;
    customer.fields = customer.fields.filter((field) => field.name !== 'phone');
    const report = await ferry.controlPlane.expectOk<{
      affectedTenants: { tenantId: string; impacts: { path: string; impact: string }[] }[];
      unaffectedTenants: string[];
    }>('POST', '/v1/schema-impact', {
      subject: current.subject,
      schema: proposed,
    });
    const affected = report.affectedTenants.find((t) => t.tenantId === netsuiteTenant);
    expect(affected?.impacts).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'mappings.customer.fieldExpressions.phone', impact: 'breaks' })]),
    );
    expect(report.unaffectedTenants).toContain(webhookTenant);
  });

  it('never shows a planted credential in API responses, Kafka records or any service log', async () => {
    const responses = await Promise.all(
      [
        `/v1/tenants/${netsuiteTenant}`,
        `/v1/tenants/${netsuiteTenant}/connections`,
        `/v1/tenants/${netsuiteTenant}/configuration`,
        `/v1/tenants/${netsuiteTenant}/audit`,
        `/v1/tenants/${netsuiteTenant}/configuration/versions`,
      ].map((path) => ferry.controlPlane.request('GET', path)),
    );
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain(PLANTED_SECRET);
    }
    expect(JSON.stringify(responses[1]!.body)).toContain('[sealed with key run]');
    const configurations = await new TopicCollector<TenantConfiguration>(Topics.tenantConfiguration).start();
    try {
      await waitUntil('the tenant configuration records', () => configurations.where((c) => c.tenantId === netsuiteTenant).length > 0);
      expect(JSON.stringify(configurations.where((c) => c.tenantId === netsuiteTenant).map((m) => m.value))).not.toContain(PLANTED_SECRET);
    } finally {
      await configurations.stop();
    }
    const logs = readdirSync(ferry.processes.logsDir).map((file) => readFileSync(join(ferry.processes.logsDir, file), 'utf8'));
    expect(logs.length).toBeGreaterThanOrEqual(9);
    expect(logs.join('\n')).toContain(netsuiteTenant);
    expect(logs.join('\n')).not.toContain(PLANTED_SECRET);
  });
});
