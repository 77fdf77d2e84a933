import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { observabilityClient } from '@ferry/api-clients';
import { Topics, type SyncStatus } from '@ferry/contracts';
import { databaseUrl, ensureDatabase } from '@ferry/database';
import {
  FerryApiClient,
  PrometheusServer,
  TopicCollector,
  demoTenantDefinition,
  onboardNetSuiteTenant,
  principalEnv,
  promqlMetricNames,
  repositoryRoot,
  sampleCustomerUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  testStack,
  waitUntil,
  withGrafanaVariables,
  type E2eEnvironment,
  type FerryInstance,
} from '@ferry/testing';

/**
 * Observability end to end: the business SLIs on the API and in /metrics (one exporter among replicas), the
 * analysts' examples (Python with Confluent's client, kcat, PostgreSQL) against the real stack, and every
 * dashboard panel and alert rule expression evaluated by a real Prometheus scraping this Ferry.
 * Tools: scripts/ensure-tools.sh installs prometheus, python3-confluent-kafka and kcat (npm test runs it).
 */
const SERVICES = ['netsuite-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-netsuite', 'observability'] as const;
const root = repositoryRoot();
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

interface Tenant {
  tenantId: string;
  accountId: string;
  apiKey: string;
  clientId: string;
}

describe('observability: SLIs, the analysts’ examples, dashboards and alert rules against a running Ferry', () => {
  const run = randomUUID().slice(0, 6);
  const healthy: Tenant = { tenantId: `obs-${run}-healthy`, accountId: `TSTDRV-OBS${run.toUpperCase()}H`, apiKey: '', clientId: '' };
  const troubled: Tenant = { tenantId: `obs-${run}-troubled`, accountId: `TSTDRV-OBS${run.toUpperCase()}T`, apiKey: '', clientId: '' };
  const parkedOrders = ['so-parked-1', 'so-parked-2'];
  let ferry: E2eEnvironment;
  let statuses: TopicCollector<SyncStatus>;
  let observability: FerryApiClient;
  let secondObservability: FerryInstance;
  const orderEvents = new Map<string, ReturnType<typeof sampleSalesOrderUpserted>>();

  const ingest = (tenant: Tenant, events: { type: string; event: unknown }[]) =>
    new FerryApiClient(ferry.processes.url('ingestion'), tenant.apiKey).expectOk('POST', `/v1/tenants/${tenant.tenantId}/events`, {
      events,
    });
  const statusesOf = (tenant: Tenant, status?: string) =>
    statuses.where((value) => value.tenantId === tenant.tenantId && (!status || value.status === status)).map((message) => message.value);

  beforeAll(async () => {
    // Purpose e2e, like the other e2e specs: its consumer groups are caught up with the shared topics' history.
    ferry = await startFerry({ purpose: 'e2e', services: SERVICES });
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    observability = new FerryApiClient(ferry.processes.url('observability'), ferry.operatorToken);
    for (const tenant of [healthy, troubled]) {
      const onboarded = await onboardNetSuiteTenant({
        controlPlane: ferry.controlPlane,
        tenantId: tenant.tenantId,
        accountId: tenant.accountId,
        simulatorUrl: ferry.simulatorUrl,
        mappingOverrides: demoTenantDefinition().mappingOverrides,
      });
      tenant.apiKey = onboarded.apiKey;
      tenant.clientId = onboarded.netsuiteClientId;
    }
    // Both tenants: two customers, then an order each. The troubled one also sends a customer NetSuite refuses.
    for (const tenant of [healthy, troubled]) {
      const customers = ['c1', 'c2'].map((customerId) => sampleCustomerUpserted(tenant.tenantId, { customerId }));
      if (tenant === troubled) customers.push(sampleCustomerUpserted(tenant.tenantId, { customerId: 'c-bad', email: 'not-an-email' }));
      await ingest(
        tenant,
        customers.map((event) => ({ type: 'CustomerUpserted', event })),
      );
    }
    await waitUntil(
      'the customers delivered or dead-lettered',
      () =>
        statusesOf(healthy, 'delivered').length >= 2 &&
        statusesOf(troubled, 'delivered').length >= 2 &&
        statusesOf(troubled, 'dead_lettered').length >= 1,
      60_000,
    );
    for (const tenant of [healthy, troubled]) {
      const order = sampleSalesOrderUpserted(tenant.tenantId, { orderId: 'so-1', customerId: 'c1' });
      orderEvents.set(`${tenant.tenantId}/so-1`, order);
      await ingest(tenant, [{ type: 'SalesOrderUpserted', event: order }]);
    }
    await waitUntil(
      'the orders delivered',
      () => statusesOf(healthy, 'delivered').length >= 3 && statusesOf(troubled, 'delivered').length >= 3,
      60_000,
    );

    // A named support operator replays the refused customer (still refused: a second exception, the first one
    // resolved), through the client generated from observability's OpenAPI document; the replay is audited.
    const troubledPath = { params: { path: { tenantId: troubled.tenantId } } };
    const asTenant = observabilityClient({ baseUrl: ferry.processes.url('observability'), token: troubled.apiKey });
    const support = observabilityClient({ baseUrl: ferry.processes.url('observability'), token: ferry.namedOperators.support });
    const deadLetters = await asTenant.GET('/v1/tenants/{tenantId}/dead-letters', troubledPath);
    const deadLetterId = deadLetters.data!.items[0]!.deadLetterId;
    const replayed = await support.POST('/v1/tenants/{tenantId}/dead-letters/replay', {
      ...troubledPath,
      body: { ids: [deadLetterId], reason: 'e2e: mapping looked at' },
    });
    expect(replayed.data?.items.map((item) => item.outcome)).toEqual(['replayed']);
    const audit = await asTenant.GET('/v1/tenants/{tenantId}/operator-audit', troubledPath);
    expect(audit.data?.items[0]).toMatchObject({
      actor: 'operator:e2e-support',
      action: 'dead-letters.replay',
      subject: `ids:${deadLetterId}`,
      before: { open: [deadLetterId] },
      after: { items: [{ deadLetterId, outcome: 'replayed' }] },
      reason: 'e2e: mapping looked at',
    });
    await waitUntil('the replay dead-lettered again', () => statusesOf(troubled, 'dead_lettered').length >= 2, 60_000);

    // NetSuite revokes the troubled tenant's integration: its next orders park and wait.
    const revoked = await fetch(`${ferry.simulatorUrl}/__admin/accounts/${troubled.accountId}/clients/${troubled.clientId}/revoke`, {
      method: 'POST',
    });
    expect(revoked.ok).toBe(true);
    for (const orderId of parkedOrders) {
      const order = sampleSalesOrderUpserted(troubled.tenantId, { orderId, customerId: 'c1' });
      orderEvents.set(`${troubled.tenantId}/${orderId}`, order);
      await ingest(troubled, [{ type: 'SalesOrderUpserted', event: order }]);
    }
    await waitUntil('the troubled tenant’s orders parked', () => statusesOf(troubled, 'parked').length >= 1, 60_000);
    secondObservability = await ferry.processes.startReplica('observability', 1);
  });

  afterAll(async () => {
    await statuses?.stop();
    await ferry?.stop();
  });

  describe('service levels', () => {
    it('serves each tenant’s backlog, freshness, success ratio, completion time and exceptions on the API', async () => {
      const troubledLevels = await waitUntil('the parked orders in the backlog', async () => {
        const body = await observability.expectOk<Record<string, unknown> & { backlog: number }>(
          'GET',
          `/v1/tenants/${troubled.tenantId}/service-levels`,
        );
        return body.backlog === parkedOrders.length ? body : undefined;
      });
      expect(troubledLevels).toMatchObject({
        tenantId: troubled.tenantId,
        window: '24h',
        objectives: { completionSeconds: 300 },
        delivered: 3,
        deadLettered: 2,
        successRatio: 3 / 5,
        completedWithinObjectiveRatio: 1,
        exceptions: { open: 1, resolved: 1 },
      });
      expect(troubledLevels['freshnessSeconds']).toBeGreaterThanOrEqual(0);
      // The first parked order is the oldest undelivered event (PostgreSQL keeps the time to the microsecond).
      const oldest = Date.parse(String(troubledLevels['oldestUndeliveredEventAt']));
      expect(Math.abs(oldest - orderEvents.get(`${troubled.tenantId}/${parkedOrders[0]}`)!.envelope.occurredAt)).toBeLessThanOrEqual(1);

      const healthyLevels = await observability.expectOk<{ byEntityType: { entityType: string; completionMs: { p50: number } }[] }>(
        'GET',
        `/v1/tenants/${healthy.tenantId}/service-levels?window=1h`,
      );
      expect(healthyLevels).toMatchObject({
        delivered: 3,
        deadLettered: 0,
        successRatio: 1,
        backlog: 0,
        freshnessSeconds: 0,
        exceptions: { open: 0 },
      });
      expect(healthyLevels.byEntityType.map((row) => row.entityType)).toEqual(['customer', 'sales_order']);
      expect(healthyLevels.byEntityType[1]!.completionMs.p50).toBeGreaterThan(0);
    });

    it('lists the fleet worst first, paged, for operators only', async () => {
      const page = await observability.expectOk<{
        total: number;
        items: { tenantId: string; backlog: number }[];
        fleet: { backlog: number };
      }>('GET', `/v1/service-levels?sort=backlog&order=desc&limit=1&tenant=obs-${run}-`);
      expect(page.total).toBe(2);
      expect(page.items).toEqual([expect.objectContaining({ tenantId: troubled.tenantId, backlog: parkedOrders.length })]);
      expect(page.fleet.backlog).toBe(parkedOrders.length);
      const asTenant = await new FerryApiClient(ferry.processes.url('observability'), troubled.apiKey).request('GET', '/v1/service-levels');
      expect(asTenant.status).toBe(403);
    });

    it('exports the shared figures from one observability replica only, so sum() counts them once', async () => {
      const metrics = async (instance: FerryInstance) => (await fetch(ferry.processes.metricsUrl(instance))).text();
      const [first, second] = await waitUntil('both replicas answering, one of them the exporter', async () => {
        const texts = await Promise.all([metrics('observability'), metrics(secondObservability)]);
        return texts.some((text) => /^ferry_metrics_exporter_leader\{[^}]*\} 1$/m.test(text)) ? texts : undefined;
      });
      const exporters = [first, second].filter((text) => /^ferry_metrics_exporter_leader\{[^}]*\} 1$/m.test(text));
      expect(exporters).toHaveLength(1);
      const backlogLine = new RegExp(`^ferry_sync_backlog\\{[^}]*tenant_id="${troubled.tenantId}"[^}]*\\} (\\d+)$`, 'm');
      expect(Number(backlogLine.exec(exporters[0]!)?.[1])).toBe(parkedOrders.length);
      const other = first === exporters[0] ? second : first;
      expect(other).not.toMatch(/^ferry_sync_events_total\{/m);
      expect(other).toMatch(/^ferry_metrics_exporter_leader\{[^}]*\} 0$/m);
      expect(exporters[0]).toMatch(/^ferry_kafka_consumer_group_lag\{[^}]*group="ferry-e2e-transformation"/m);
      expect(first).toMatch(/^ferry_dependency_up\{[^}]*dependency="database"[^}]*\} 1$/m);
    });
  });

  describe('the analysts’ guide (docs/analysts.md), run as written', () => {
    const stack = testStack();
    // As docs/analysts.md has it: the analyst principal's credentials in the environment (PLAIN: Debian's librdkafka
    // is refused with SCRAM-SHA-512 by the broker), its own group prefix; kcat reads them from a file, so no
    // password is on a command line or in a failure message.
    const principal = principalEnv(stack, stack.principals ? 'analyst' : undefined);
    const analystEnv = { ...process.env, ...principal, ...(principal['KAFKA_SASL_MECHANISM'] ? { KAFKA_SASL_MECHANISM: 'plain' } : {}) };
    const kcatConfig = join(mkdtempSync(join(tmpdir(), 'ferry-kcat-')), 'analyst.properties');
    writeFileSync(
      kcatConfig,
      principal['KAFKA_SASL_MECHANISM']
        ? `security.protocol=SASL_PLAINTEXT\nsasl.mechanisms=PLAIN\nsasl.username=${principal['KAFKA_SASL_USERNAME']}\nsasl.password=${principal['KAFKA_SASL_PASSWORD']}\n`
        : '',
      { mode: 0o600 },
    );
    const pythonExample = (format: string) =>
      spawnSync(
        python,
        [
          join(root, 'docs/analysts/sync_status.py'),
          `--bootstrap-servers=${stack.kafkaBrokers.join(',')}`,
          `--registry=${stack.registryUrl}`,
          `--tenant=${troubled.tenantId}`,
          `--format=${format}`,
          '--idle-seconds=5',
          '--group-prefix=ferry-e2e-analyst',
        ],
        { encoding: 'utf8', timeout: 120_000, env: analystEnv },
      );

    it('reads the statuses with Confluent’s Python client: a plain consumer, string keys, Avro values', () => {
      const result = pythonExample('jsonl');
      expect(result.stderr).not.toMatch(/Traceback/);
      expect(result.status).toBe(0);
      const printed = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const published = statusesOf(troubled);
      expect(new Set(printed.map((row) => row['status_id']))).toEqual(new Set(published.map((status) => status.statusId)));
      const order = orderEvents.get(`${troubled.tenantId}/so-1`)!;
      const journey = printed.filter((row) => row['event_id'] === order.envelope.eventId);
      expect(journey.map((row) => [row['stage'], row['status']])).toEqual([
        ['transformation', 'routed'],
        ['delivery', 'delivered'],
      ]);
      for (const row of journey)
        expect(row).toMatchObject({
          tenant_id: troubled.tenantId,
          entity_type: 'sales_order',
          entity_id: 'so-1',
          direction: 'outbound',
          source_system: 'product',
          event_occurred_at: new Date(order.envelope.occurredAt).toISOString(),
          connection_id: 'netsuite-main',
        });
      expect(journey[1]!['latency_ms']).toBeGreaterThan(0);
      expect(printed.filter((row) => row['status'] === 'parked').map((row) => row['entity_id'])).toContain(parkedOrders[0]);
    });

    it('shows the raw keys with kcat: plain UTF-8 tenantId:entityType:entityId', () => {
      const keys = execFileSync(
        'kcat',
        ['-b', stack.kafkaBrokers[0]!, '-F', kcatConfig, '-C', '-t', Topics.syncStatus, '-o', 'beginning', '-e', '-q', '-f', '%k\\n'],
        {
          encoding: 'utf8',
          timeout: 60_000,
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      expect(keys.split('\n')).toContain(`${troubled.tenantId}:sales_order:so-1`);
    });

    it('loads the topic into PostgreSQL and answers “what happened to this order and how long did it take” in SQL', async () => {
      const name = `ferry_observe_analysts_${run}`;
      await ensureDatabase(stack.databaseUrl, name);
      const url = databaseUrl(stack.databaseUrl, name);
      try {
        execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', join(root, 'docs/analysts/sync_status.sql')]);
        const csv = pythonExample('csv');
        expect(csv.status).toBe(0);
        execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', '\\copy sync_status FROM STDIN WITH (FORMAT csv, HEADER)'], {
          input: csv.stdout,
        });
        const client = new Client({ connectionString: url });
        await client.connect();
        try {
          const { rows } = await client.query<{
            order_id: string;
            last_delivery_status: string | null;
            completion_ms: string | null;
            finished_at: Date | null;
          }>(
            'SELECT order_id, last_delivery_status, completion_ms, finished_at FROM order_journeys WHERE tenant_id = $1 ORDER BY order_id',
            [troubled.tenantId],
          );
          // The second waiting order is 'parked' only when the lane tried it before it parked (both in flight at
          // once); otherwise it waits untried behind the park and has no delivery outcome yet (null).
          expect(rows.map((row) => row.order_id)).toEqual(['so-1', 'so-parked-1', 'so-parked-2']);
          expect(rows.slice(0, 2).map((row) => row.last_delivery_status)).toEqual(['delivered', 'parked']);
          expect(['parked', null]).toContain(rows[2]!.last_delivery_status);
          expect(Number(rows[0]!.completion_ms)).toBeGreaterThan(0);
          expect(rows.slice(1).map((row) => row.finished_at)).toEqual([null, null]);
        } finally {
          await client.end();
        }
      } finally {
        const admin = new Client({ connectionString: stack.databaseUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.end();
      }
    });
  });

  describe('dashboards and alert rules on a real Prometheus scraping this Ferry', () => {
    let prometheus: PrometheusServer;
    const ruleFile = join(root, 'deploy/prometheus/rules/ferry.rules.yml');
    const dashboardsDir = join(root, 'deploy/grafana/dashboards');

    beforeAll(async () => {
      // /metrics is served on each service's metrics port, apart from its public API (METRICS_PORT).
      const instances: FerryInstance[] = [...SERVICES.filter((name) => name !== 'netsuite-simulator'), secondObservability];
      prometheus = await PrometheusServer.start({
        targets: instances.map((instance) => ({ job: 'ferry', url: ferry.processes.metricsUrl(instance) })),
        ruleFiles: [ruleFile],
      });
      // Enough scrapes (1 s) and rule evaluations for 1-minute rates and the recording rules.
      await waitUntil(
        'every target scraped and the recording rules evaluated',
        async () => {
          if ((await prometheus.unhealthyTargets()).length > 0) return undefined;
          const recorded = await prometheus.query(`ferry:tenant_sync_error_ratio:rate1h{tenant_id="${troubled.tenantId}"}`);
          return (recorded.data?.result.length ?? 0) > 0;
        },
        60_000,
        1_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    });

    afterAll(async () => {
      await prometheus?.stop();
    });

    const dashboards = readdirSync(dashboardsDir).filter((name) => name.endsWith('.json'));
    const panelQueries = (name: string) => {
      const dashboard = JSON.parse(readFileSync(join(dashboardsDir, name), 'utf8')) as {
        panels: { title: string; targets?: { expr: string }[] }[];
        templating: { list: { name: string; query?: { query: string } }[] };
      };
      return {
        variables: dashboard.templating.list.filter((variable) => variable.query && typeof variable.query === 'object'),
        queries: dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ title: panel.title, expr: target.expr }))),
      };
    };

    it.each(dashboards)('every panel of %s parses and returns data', async (name) => {
      const { queries, variables } = panelQueries(name);
      expect(queries.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const { title, expr } of queries) {
        const filled = withGrafanaVariables(expr, { tenant: troubled.tenantId, __rate_interval: '1m', __interval: '15s', __range: '1h' });
        const result = await prometheus.query(filled);
        if (result.status !== 'success') problems.push(`${title}: ${filled}: ${result.error}`);
        else if ((result.data?.result.length ?? 0) === 0) problems.push(`${title}: ${filled}: no data`);
      }
      for (const variable of variables) {
        const match = /^label_values\((\w+), *(\w+)\)$/.exec(variable.query!.query);
        expect(match).not.toBeNull();
        expect(await prometheus.labelValues(match![2]!, match![1]!)).toContain(troubled.tenantId);
      }
      expect(problems).toEqual([]);
    });

    it('every alert and recording rule is loaded and healthy, parses, and reads only metrics Ferry exports or the rules record', async () => {
      const response = await fetch(`${prometheus.url}/api/v1/rules`);
      const groups = (
        (await response.json()) as {
          data: { groups: { rules: { name: string; query: string; type: string; health: string; lastError?: string }[] }[] };
        }
      ).data.groups;
      const rules = groups.flatMap((group) => group.rules);
      expect(rules.length).toBe(29);
      const recorded = new Set(rules.filter((rule) => rule.type === 'recording').map((rule) => rule.name));
      const problems: string[] = [];
      for (const rule of rules) {
        if (rule.health !== 'ok') problems.push(`${rule.name}: health ${rule.health} ${rule.lastError ?? ''}`);
        const result = await prometheus.query(rule.query);
        if (result.status !== 'success') problems.push(`${rule.name}: ${result.error}`);
        for (const metric of promqlMetricNames(rule.query)) {
          if (metric.includes(':')) {
            if (!recorded.has(metric)) problems.push(`${rule.name}: ${metric} is recorded by no rule`);
            continue;
          }
          const found = await prometheus.query(`count(${metric})`);
          if ((found.data?.result.length ?? 0) === 0) problems.push(`${rule.name}: no series of ${metric}`);
        }
      }
      // A recording rule that is not itself a condition has data after this traffic.
      for (const rule of rules.filter(
        (candidate) => candidate.type === 'recording' && !/[<>]|==/.test(candidate.query.replace(/\{[^}]*\}/g, '')),
      )) {
        const result = await prometheus.query(rule.name);
        if ((result.data?.result.length ?? 0) === 0) problems.push(`${rule.name}: recorded nothing`);
      }
      expect(problems).toEqual([]);
    });

    it('sees each tenant once although two observability replicas are scraped', async () => {
      const series = await prometheus.query(
        `ferry_sync_events_total{tenant_id="${troubled.tenantId}", stage="delivery", status="delivered"}`,
      );
      // One series per entity type, all from the same (lease-holding) replica although both are scraped.
      expect(series.data?.result.map((sample) => sample.metric['entity_type']).sort()).toEqual(['customer', 'sales_order']);
      expect(new Set(series.data?.result.map((sample) => sample.metric['instance'])).size).toBe(1);
      const total = await prometheus.query(
        `sum(ferry_sync_events_total{tenant_id="${troubled.tenantId}", stage="delivery", status="delivered"})`,
      );
      expect(Number(total.data?.result[0]?.value?.[1])).toBe(3);
    });
  });
});
