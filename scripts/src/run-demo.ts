import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaCatalog, Subjects, Topics, type ErpChange, type SyncStatus } from '@ferry/contracts';
import {
  DEFAULT_PORTS,
  FERRY_SERVICES,
  SIMULATORS,
  FerryProcesses,
  TopicCollector,
  FerryApiClient,
  demoTenantDefinition,
  ferryConnectionEnv,
  grantFerryAccess,
  onboardNetSuiteTenant,
  repositoryRoot,
  sampleCustomerUpserted,
  sampleInvoiceUpserted,
  sampleSalesOrderUpserted,
  testKafka,
  testRegistry,
  testStack,
} from '@ferry/testing';
import { cliArgs } from './cli-args';

const DEMO_TENANT = 'demo-tenant';
const DEMO_ACCOUNT = 'TSTDRV-DEMO';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** A development secret, made once per checkout and kept out of git (.ferry/ is ignored). */
function devSecret(root: string, name: string, make: () => string): string {
  const file = join(root, '.ferry', 'dev', name);
  if (!existsSync(file)) {
    mkdirSync(join(root, '.ferry', 'dev'), { recursive: true });
    writeFileSync(file, `${make()}\n`);
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  const args = cliArgs();
  const root = repositoryRoot();
  const stack = testStack();
  const keyRing = devSecret(root, 'secrets-keyring', () => `dev1:${randomBytes(32).toString('base64')}`);
  const operatorToken = devSecret(root, 'operator-token', () => randomBytes(24).toString('base64url'));
  const logsDir = join(root, '.ferry', 'logs', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  // Topics and each service's ACLs (consumer groups under the default prefix, "ferry"); every service connects as itself.
  await grantFerryAccess(stack, 'ferry');
  const connection = ferryConnectionEnv(stack);
  say(`\nferry: starting ${SIMULATORS.length} ERP simulators and ${FERRY_SERVICES.length} services (logs in ${logsDir})…`);
  const processes = await FerryProcesses.start({
    logsDir,
    envFor: (name) => connection.forProcess(name),
    env: {
      ...connection.shared,
      DATABASE_URL: stack.databaseUrl,
      FERRY_SECRETS_KEYRING: keyRing,
      FERRY_OPERATOR_TOKEN: operatorToken,
      RECONCILIATION_INTERVAL_SECONDS: '60',
      // The return path shows within seconds: the simulated team pays and ships every 15 s (below).
      INBOUND_POLL_INTERVAL_SECONDS: '5',
    },
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nferry: stopping services (finishing messages in flight)…');
    await collector.stop();
    await erpEvents.stop();
    await product.disconnect();
    await processes.stop();
    say('ferry: stopped. The stack is still up; npm run stack:down stops it.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  // Onboard the demo tenant through the control-plane API, as an operator would.
  const controlPlane = new FerryApiClient(processes.url('control-plane'), operatorToken);
  const demo = demoTenantDefinition();
  const onboardedAt = Date.now();
  const onboarded = await onboardNetSuiteTenant({
    controlPlane,
    tenantId: DEMO_TENANT,
    displayName: demo.displayName,
    accountId: DEMO_ACCOUNT,
    simulatorUrl: processes.url('netsuite-simulator'),
    ...(demo.mappingOverrides ? { mappingOverrides: demo.mappingOverrides } : {}),
    ...(demo.rules ? { rules: demo.rules } : {}),
    reuseExisting: true,
  });
  say(
    `ferry: onboarded tenant ${DEMO_TENANT} (configuration v${onboarded.configurationVersion}) on simulated NetSuite account ${DEMO_ACCOUNT}`,
  );

  const collector = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
  const seen = new Set<string>();
  const printer = setInterval(() => {
    for (const { value } of collector.where((status) => status.tenantId === DEMO_TENANT && status.recordedAt >= onboardedAt)) {
      if (seen.has(value.statusId)) continue;
      seen.add(value.statusId);
      const where = value.erpRecordId ? ` → NetSuite ${value.recordType} ${value.erpRecordId} (external id ${value.externalId})` : '';
      say(
        `  ${value.status.padEnd(13)} ${value.entityType} ${value.entityId} v${value.entityVersion}${where}  ${value.latencyMs ?? '?'} ms${value.errorMessage ? `  ${value.errorMessage}` : ''}`,
      );
    }
  }, 250);
  printer.unref();

  // ERP → product: what NetSuite did with the tenant's orders and invoices, as the product reads it.
  const erpEvents = await new TopicCollector<{ change: ErpChange; status?: string }>(Topics.erpEvents).start();
  const seenErpEvents = new Set<string>();
  const erpPrinter = setInterval(() => {
    for (const { value, recordName } of erpEvents.where((event) => event.change.tenantId === DEMO_TENANT)) {
      if (seenErpEvents.has(value.change.eventId)) continue;
      seenErpEvents.add(value.change.eventId);
      const { erpRecordType, erpRecordId, productEntityId } = value.change;
      say(
        `  ← ERP ${recordName.split('.').pop()} ${value.status ?? ''} NetSuite ${erpRecordType} ${erpRecordId}${productEntityId ? ` (product id ${productEntityId})` : ''}`,
      );
    }
  }, 250);
  erpPrinter.unref();

  // The SaaS product's side: its own registry client and producer (its own principal), Avro in the Confluent wire format.
  const registry = testRegistry('product').schemaRegistry();
  const schema = SchemaCatalog.load().subject(Subjects.CustomerUpserted).schemaText;
  const { id } = await registry.register({ type: 'AVRO', schema } as never, {
    subject: Subjects.CustomerUpserted,
    compatibility: 'FULL_TRANSITIVE' as never,
  });
  const product = testKafka('saas-product', 'product').producer();
  await product.connect();
  const count = Number(args['events'] ?? 8);
  say(`ferry: the product publishes ${count} CustomerUpserted events to ${Topics.productEvents}:`);
  const names = ['Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Soylent', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne'];
  for (let i = 0; i < count; i += 1) {
    const event = sampleCustomerUpserted(DEMO_TENANT, {
      customerId: `demo-cust-${(i % names.length) + 1}`,
      name: `${names[i % names.length]} ${i >= names.length ? 'Holdings' : 'Inc.'}`,
      version: Math.floor(i / names.length) + 1,
    });
    await product.send({
      topic: Topics.productEvents,
      messages: [{ key: `${DEMO_TENANT}:customer:${event.envelope.entityId}`, value: await registry.encode(id, event) }],
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));

  // The return path: an order and an invoice for the first customer; the simulated finance and warehouse team
  // pays open invoices and ships pending orders every 15 s, and inbound-sync brings each change back.
  const ingest = new FerryApiClient(processes.url('ingestion'), onboarded.apiKey);
  const order = sampleSalesOrderUpserted(DEMO_TENANT, { customerId: 'demo-cust-1' });
  const invoice = sampleInvoiceUpserted(DEMO_TENANT, 'demo-cust-1');
  await ingest.expectOk('POST', `/v1/tenants/${DEMO_TENANT}/events`, {
    events: [
      { type: 'SalesOrderUpserted', event: order },
      { type: 'InvoiceUpserted', event: invoice },
    ],
  });
  const activity = await fetch(`${processes.url('netsuite-simulator')}/__admin/accounts/${DEMO_ACCOUNT}/activity`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled: true, intervalMs: 15_000 }),
  });
  say(
    activity.ok
      ? `ferry: the product sent order ${order.order.orderId} and invoice ${invoice.invoice.invoiceId}; NetSuite's team pays and ships every 15 s, and the changes come back on ${Topics.erpEvents} (← ERP lines)`
      : `ferry: the simulator refused the activity switch (${activity.status}); pay and ship by hand (docs/simulators.md)`,
  );

  const url = (name: keyof typeof DEFAULT_PORTS) => processes.url(name);
  say(`
ferry is running. Where to look (the demo tenant's API key: KEY=${onboarded.apiKey}):
  ops console (browser)             ${url('observability')}/console   sign in with $KEY (the demo tenant) or the operator token in .ferry/dev/operator-token (every tenant)
  ERP (simulated NetSuite) records  ${url('netsuite-simulator')}/__admin/accounts/${DEMO_ACCOUNT}/records/customer
  sync summary (observability)      curl -H "Authorization: Bearer $KEY" ${url('observability')}/v1/tenants/${DEMO_TENANT}/sync-summary
  exceptions                        curl -H "Authorization: Bearer $KEY" ${url('observability')}/v1/tenants/${DEMO_TENANT}/exceptions
  tenant configuration              curl -H "Authorization: Bearer $KEY" ${url('control-plane')}/v1/tenants/${DEMO_TENANT}/configuration
  dry run a mapping                 curl -H "Authorization: Bearer $KEY" -H 'content-type: application/json' -X POST ${url('control-plane')}/v1/tenants/${DEMO_TENANT}/preview -d @deploy/demo/preview-request.json
  reconcile now                     curl -H "Authorization: Bearer $KEY" -X POST ${url('reconciliation')}/v1/tenants/${DEMO_TENANT}/reconciliation-runs
  golden customers (master-data)    curl -H "Authorization: Bearer $KEY" ${url('master-data')}/v1/tenants/${DEMO_TENANT}/match-reviews   (golden records on ${Topics.goldenCustomers})
  send events over HTTP             curl -H "Authorization: Bearer $KEY" -H 'content-type: application/json' -X POST ${url('ingestion')}/v1/tenants/${DEMO_TENANT}/events -d @deploy/demo/customer-batch.json
  control-plane API (OpenAPI)       ${url('control-plane')}/v1/openapi.json   operator token in .ferry/dev/operator-token
  health / Prometheus metrics       ${url('ingestion')}/health/ready  ${processes.metricsUrl('observability')}  (APIs on ports 3001-3014, their metrics on 9001-9014, simulators 4010-4070)
  topics                            ${Topics.productEvents} → ${Topics.canonicalEvents} → ${Topics.deliveryCommands('netsuite')} → ${Topics.syncStatus}
  return path (ERP → product)       ${Topics.erpEvents}; backfill: npm run inbound:backfill -- --tenant ${DEMO_TENANT} --connection netsuite-main --erp netsuite --since <time>
  service logs                      ${logsDir}
Sync statuses keep printing below as events arrive. Ctrl-C stops the services.`);
  if (args['exit-after-demo']) await stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`ferry: start failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
