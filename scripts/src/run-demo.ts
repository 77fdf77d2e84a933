import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { SchemaCatalog, Subjects, Topics, type SyncStatus } from '@ferry/contracts';
import { AvroCodec, EventProducer } from '@ferry/kafka';
import { createLogger } from '@ferry/logging';
import { SecretSealer, parseKeyRing } from '@ferry/secrets';
import { TenantConfigurationView } from '@ferry/tenant-config';
import {
  DEFAULT_PORTS,
  FerryProcesses,
  TopicCollector,
  onboardNetSuiteTenant,
  repositoryRoot,
  sampleCustomerUpserted,
  testKafka,
  testStack,
} from '@ferry/testing';
import { cliArgs } from './cli-args';

const DEMO_TENANT = 'demo-tenant';
const DEMO_ACCOUNT = 'TSTDRV-DEMO';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** A development key ring, made once per checkout and kept out of git (.ferry/ is ignored). */
function devKeyRing(root: string): string {
  const file = join(root, '.ferry', 'dev', 'secrets-keyring');
  if (!existsSync(file)) {
    mkdirSync(join(root, '.ferry', 'dev'), { recursive: true });
    writeFileSync(file, `dev1:${randomBytes(32).toString('base64')}\n`);
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  const args = cliArgs();
  const root = repositoryRoot();
  const stack = testStack();
  const keyRing = devKeyRing(root);
  const logsDir = join(root, '.ferry', 'logs', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  say(`\nferry: starting the NetSuite simulator and 5 services (logs in ${logsDir})…`);
  const processes = await FerryProcesses.start({
    logsDir,
    env: {
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: stack.registryUrl,
      DATABASE_URL: stack.databaseUrl,
      FERRY_SECRETS_KEYRING: keyRing,
      RECONCILIATION_INTERVAL_SECONDS: '60',
    },
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nferry: stopping services (finishing messages in flight)…');
    await collector.stop();
    await operator.disconnect();
    await product.disconnect();
    await processes.stop();
    say('ferry: stopped. The stack is still up; npm run stack:down stops it.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  // Onboard the demo tenant as an operator would: certificate registered in the ERP, configuration published.
  const codec = AvroCodec.create(stack.registryUrl, SchemaCatalog.load());
  const operator = new EventProducer(testKafka('ferry-demo-operator'), codec);
  await operator.connect();
  const view = new TenantConfigurationView(testKafka('ferry-demo-operator'), codec, createLogger('demo', 'silent'), 'ferry-demo');
  await view.start();
  await view.ready();
  const current = view.get(DEMO_TENANT)?.version ?? 0;
  await view.stop();
  const configuration = await onboardNetSuiteTenant({
    tenantId: DEMO_TENANT,
    accountId: DEMO_ACCOUNT,
    simulatorUrl: processes.url('netsuite-simulator'),
    producer: operator,
    sealer: new SecretSealer(parseKeyRing({ FERRY_SECRETS_KEYRING: keyRing })),
    currentVersion: current,
  });
  say(`ferry: onboarded tenant ${DEMO_TENANT} (configuration v${configuration.version}) on simulated NetSuite account ${DEMO_ACCOUNT}`);

  const collector = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
  const seen = new Set<string>();
  const printer = setInterval(() => {
    for (const { value } of collector.where((status) => status.tenantId === DEMO_TENANT && status.recordedAt >= configuration.updatedAt)) {
      if (seen.has(value.statusId)) continue;
      seen.add(value.statusId);
      const where = value.erpRecordId ? ` → NetSuite ${value.recordType} ${value.erpRecordId} (external id ${value.externalId})` : '';
      say(
        `  ${value.status.padEnd(13)} ${value.entityType} ${value.entityId} v${value.entityVersion}${where}  ${value.latencyMs ?? '?'} ms${value.errorMessage ? `  ${value.errorMessage}` : ''}`,
      );
    }
  }, 250);
  printer.unref();

  // The SaaS product's side: its own registry client and producer, Avro in the Confluent wire format.
  const registry = new SchemaRegistry({ host: stack.registryUrl });
  const schema = SchemaCatalog.load().subject(Subjects.CustomerUpserted).schemaText;
  const { id } = await registry.register({ type: 'AVRO', schema } as never, {
    subject: Subjects.CustomerUpserted,
    compatibility: 'FULL_TRANSITIVE' as never,
  });
  const product = testKafka('saas-product').producer();
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

  const url = (name: keyof typeof DEFAULT_PORTS) => processes.url(name);
  say(`
ferry is running. Where to look:
  ERP (simulated NetSuite) records  ${url('netsuite-simulator')}/__admin/accounts/${DEMO_ACCOUNT}/records/customer
  sync summary (observability)      ${url('observability')}/v1/tenants/${DEMO_TENANT}/sync-summary
  recent sync statuses              ${url('observability')}/v1/tenants/${DEMO_TENANT}/sync-statuses
  reconcile now                     curl -X POST ${url('reconciliation')}/v1/tenants/${DEMO_TENANT}/reconciliation-runs
  send events over HTTP             curl -X POST ${url('ingestion')}/v1/tenants/${DEMO_TENANT}/events -H 'content-type: application/json' -d @deploy/demo/customer-batch.json
  health / Prometheus metrics       ${url('ingestion')}/health  ${url('observability')}/metrics  (every service on ports ${DEFAULT_PORTS.ingestion}-${DEFAULT_PORTS.observability})
  topics                            ${Topics.productEvents} → ${Topics.canonicalEvents} → ${Topics.deliveryCommands('netsuite')} → ${Topics.syncStatus}
  service logs                      ${logsDir}
Sync statuses keep printing below as events arrive. Ctrl-C stops the services.`);
  if (args['exit-after-demo']) await stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`ferry: start failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
