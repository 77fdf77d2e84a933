import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  NOT_APPLIED_ERROR_CODE,
  Subjects,
  Topics,
  entityKey,
  type CustomerUpserted,
  type SalesOrderUpserted,
  type SyncStatus,
} from '@ferry/contracts';
import { E2E_PORTS, startFerry, type E2eEnvironment } from '../ferry-environment';
import { repositoryRoot, type FerryServiceName } from '../ferry-processes';
import { sampleCustomerUpserted, sampleSalesOrderUpserted } from '../sample-events';
import { onboardNetSuiteTenant, type OnboardedTenant } from '../tenant-onboarding';
import { TopicCollector } from '../test-kafka';
import { waitUntil } from '../wait-until';

type StreamEvent = CustomerUpserted | SalesOrderUpserted;

/** Retry and breaker settings that make a fault scenario play out in seconds rather than minutes. */
export const FAST_POLICIES = {
  maxConcurrency: 4,
  retry: { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 2000 },
  circuitBreaker: { failureThresholdPercent: 50, volumeThreshold: 5, resetTimeoutMs: 1500 },
};

export interface FaultTenant extends OnboardedTenant {
  accountId: string;
  /** The OAuth 2.0 client Ferry authenticates as on the tenant's NetSuite account. */
  netsuiteClientId: string;
  /** Where Ferry reaches this tenant's NetSuite account (the simulator, or a gate in front of it). */
  erpUrl: string;
}

export interface SentEvent {
  tenantId: string;
  eventId: string;
  entityType: 'customer' | 'sales_order';
  entityId: string;
  version: number;
  sentAt: number;
}

export interface StreamPlan {
  customers: number;
  /** Versions per customer (1 = created only). */
  versions: number;
  /** Orders, each for one of the customers, sent after that customer's first version. */
  orders: number;
}

export interface Books {
  tenants: number;
  sent: number;
  delivered: number;
  stale: number;
  /** Skipped for another reason than a newer version (e.g. transformation's rules): no fault scenario expects one. */
  skippedOther: number;
  deadLettered: number;
  lost: number;
  /** ERP records sharing one external id (a duplicate in the ERP). */
  duplicateRecords: number;
  /** Customers whose ERP record does not hold the newest version sent (an update lost or overtaken). */
  wrongVersion: number;
  /** ERP writes beyond one per delivered event: at-least-once re-sends made harmless by the upserts. */
  repeatWrites: number;
  latencies: number[];
}

export interface ScenarioRow {
  scenario: string;
  group: string;
  books: Books;
}

const FINAL = new Set(['delivered', 'skipped', 'dead_lettered']);

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The fault-injection suite's harness: Ferry as processes against the real stack, NetSuite tenants on the
 * simulator, a product stream (customers with updates, orders), a collector of every sync status, and the
 * books: did every event reach a final state, does each ERP hold each record exactly once at its newest
 * version, and how long did it take.
 */
export class FaultHarness {
  readonly sent: SentEvent[] = [];
  private readonly rows: ScenarioRow[] = [];

  private constructor(
    readonly env: E2eEnvironment,
    readonly statuses: TopicCollector<SyncStatus>,
  ) {}

  static async start(options: {
    purpose: string;
    services: readonly FerryServiceName[];
    env?: Record<string, string>;
  }): Promise<FaultHarness> {
    const env = await startFerry({
      purpose: options.purpose,
      ports: E2E_PORTS,
      services: options.services,
      env: { LOG_LEVEL: 'info', DELIVERY_SWEEP_INTERVAL_MS: '500', DELIVERY_LANE_LEASE_MS: '4000', ...options.env },
    });
    const statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    return new FaultHarness(env, statuses);
  }

  async onboard(tenantId: string, options: { erpUrl?: string; policies?: Record<string, unknown> } = {}): Promise<FaultTenant> {
    const accountId = `TSTDRV${tenantId.replace(/[^a-z0-9]/g, '').toUpperCase()}`;
    const erpUrl = options.erpUrl ?? this.env.simulatorUrl;
    const onboarded = await onboardNetSuiteTenant({ controlPlane: this.env.controlPlane, tenantId, accountId, simulatorUrl: erpUrl });
    await this.env.controlPlane.expectOk('PUT', `/v1/tenants/${tenantId}/policies`, options.policies ?? FAST_POLICIES);
    return { ...onboarded, accountId, erpUrl };
  }

  /** The product's stream for each tenant, spread over `durationMs`; `fault` runs alongside, started at `faultAtMs`. */
  async stream(
    tenants: FaultTenant[],
    plan: StreamPlan,
    durationMs: number,
    fault?: { atMs: number; run: () => Promise<void> },
  ): Promise<void> {
    const perTenant = tenants.map((tenant) => this.eventsFor(tenant.tenantId, plan));
    const rounds = Math.max(...perTenant.map((events) => events.length));
    const pause = durationMs / rounds;
    const started = Date.now();
    const faultDone = fault ? sleep(fault.atMs).then(() => fault.run()) : Promise.resolve();
    for (let round = 0; round < rounds; round += 1) {
      const batch = perTenant.map((events) => events[round]).filter((event): event is StreamEvent => event !== undefined);
      await Promise.all(batch.map((event) => this.publish(event)));
      const due = started + (round + 1) * pause;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await faultDone;
  }

  async publish(event: StreamEvent): Promise<void> {
    const isOrder = 'order' in event;
    const entityType = isOrder ? 'sales_order' : 'customer';
    const { envelope } = event;
    envelope.occurredAt = Date.now();
    this.sent.push({
      tenantId: envelope.tenantId,
      eventId: envelope.eventId,
      entityType,
      entityId: envelope.entityId,
      version: envelope.entityVersion,
      sentAt: envelope.occurredAt,
    });
    // Like a product with an outbox: while Kafka is away the event waits and is sent when it is back.
    const deadline = Date.now() + 180_000;
    for (;;) {
      try {
        await this.env.producer.publish({
          topic: Topics.productEvents,
          key: entityKey(envelope.tenantId, entityType, envelope.entityId),
          subject: isOrder ? Subjects.SalesOrderUpserted : Subjects.CustomerUpserted,
          value: event,
        });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(500);
      }
    }
  }

  /** Customers first (version 1), then updates and orders interleaved: orders refer to customers already sent. */
  private eventsFor(tenantId: string, plan: StreamPlan): StreamEvent[] {
    const customerId = (i: number) => `c${i}`;
    const events: StreamEvent[] = [];
    for (let i = 0; i < plan.customers; i += 1)
      events.push(sampleCustomerUpserted(tenantId, { customerId: customerId(i), name: `Customer ${i} v1`, version: 1 }));
    const later: StreamEvent[] = [];
    for (let version = 2; version <= plan.versions; version += 1)
      for (let i = 0; i < plan.customers; i += 1)
        later.push(sampleCustomerUpserted(tenantId, { customerId: customerId(i), name: `Customer ${i} v${version}`, version }));
    const orders: StreamEvent[] = [];
    for (let o = 0; o < plan.orders; o += 1)
      orders.push(sampleSalesOrderUpserted(tenantId, { orderId: `o${o}`, customerId: customerId(o % plan.customers), version: 1 }));
    while (later.length > 0 || orders.length > 0) {
      if (later.length > 0) events.push(later.shift()!);
      if (orders.length > 0) events.push(orders.shift()!);
    }
    return events;
  }

  /** Deliveries of these tenants' events recorded between two instants (e.g. while another tenant's ERP was down). */
  deliveredBetween(tenants: FaultTenant[], from: number, to: number): number {
    const ids = new Set(tenants.map((tenant) => tenant.tenantId));
    return this.statuses.where(
      (status) => ids.has(status.tenantId) && status.status === 'delivered' && status.recordedAt >= from && status.recordedAt <= to,
    ).length;
  }

  /** Every sync status of a tenant with this status (final or on the way: retrying, parked). */
  statusesOf(tenant: FaultTenant, status: string): SyncStatus[] {
    return this.statuses.where((value) => value.tenantId === tenant.tenantId && value.status === status).map((message) => message.value);
  }

  private finalStatus(eventId: string): SyncStatus | undefined {
    const statuses = this.statuses.where((status) => status.eventId === eventId && FINAL.has(status.status)).map((m) => m.value);
    // After a replay an event may be dead-lettered first and delivered later: the delivery is what stands.
    return statuses.find((s) => s.status === 'delivered') ?? statuses.find((s) => s.status === 'skipped') ?? statuses[0];
  }

  /**
   * Waits until every event sent for these tenants reached a final state (or the time is up: the rest are
   * lost); `delivered: true` waits for deliveries only (after a replay of dead letters).
   */
  async settle(tenants: FaultTenant[], timeoutMs = 120_000, options: { delivered?: boolean } = {}): Promise<void> {
    const ids = new Set(tenants.map((tenant) => tenant.tenantId));
    const events = this.sent.filter((event) => ids.has(event.tenantId));
    const done = (eventId: string) => {
      const status = this.finalStatus(eventId);
      return options.delivered ? status?.status === 'delivered' : status !== undefined;
    };
    await waitUntil('every event in a final state', () => events.every((event) => done(event.eventId)), timeoutMs, 500).catch(
      () => undefined,
    );
  }

  async erpRecords(
    tenant: FaultTenant,
    recordType: string,
  ): Promise<{ externalId: string | null; fields: Record<string, unknown>; writeCount: number }[]> {
    const response = await fetch(`${this.env.simulatorUrl}/__admin/accounts/${tenant.accountId}/records/${recordType}`);
    if (!response.ok) throw new Error(`simulator: ${response.status} for ${tenant.accountId}/${recordType}`);
    return (await response.json()) as { externalId: string | null; fields: Record<string, unknown>; writeCount: number }[];
  }

  /** How hard Ferry pressed a tenant's NetSuite account: the most requests in flight at once, and refusals. */
  async erpPressure(tenant: FaultTenant): Promise<{ peakInFlight: number; concurrencyRefusals: number; concurrencyLimit: number }> {
    const response = await fetch(`${this.env.simulatorUrl}/__admin/accounts/${tenant.accountId}/stats`);
    if (!response.ok) throw new Error(`simulator: ${response.status} for ${tenant.accountId} stats`);
    return (await response.json()) as { peakInFlight: number; concurrencyRefusals: number; concurrencyLimit: number };
  }

  async books(tenants: FaultTenant[]): Promise<Books> {
    const books: Books = {
      tenants: tenants.length,
      sent: 0,
      delivered: 0,
      stale: 0,
      skippedOther: 0,
      deadLettered: 0,
      lost: 0,
      duplicateRecords: 0,
      wrongVersion: 0,
      repeatWrites: 0,
      latencies: [],
    };
    for (const tenant of tenants) {
      const events = this.sent.filter((event) => event.tenantId === tenant.tenantId);
      books.sent += events.length;
      for (const event of events) {
        const status = this.finalStatus(event.eventId);
        if (!status) books.lost += 1;
        else if (status.status === 'delivered') {
          books.delivered += 1;
          if (status.latencyMs !== null && status.latencyMs !== undefined) books.latencies.push(Number(status.latencyMs));
        } else if (status.status === 'skipped') {
          if (status.errorCode === NOT_APPLIED_ERROR_CODE) books.stale += 1;
          else books.skippedOther += 1;
        } else books.deadLettered += 1;
      }
      for (const [recordType, entityType] of [
        ['customer', 'customer'],
        ['salesOrder', 'sales_order'],
      ] as const) {
        const records = await this.erpRecords(tenant, recordType);
        const byExternalId = new Map<string, number>();
        for (const record of records) byExternalId.set(record.externalId ?? '', (byExternalId.get(record.externalId ?? '') ?? 0) + 1);
        for (const count of byExternalId.values()) books.duplicateRecords += count - 1;
        const deliveredHere = events.filter(
          (e) => e.entityType === entityType && this.finalStatus(e.eventId)?.status === 'delivered',
        ).length;
        books.repeatWrites += Math.max(0, records.reduce((sum, record) => sum + record.writeCount, 0) - deliveredHere);
        if (entityType !== 'customer') continue;
        const newest = new Map<string, number>();
        for (const event of events.filter((e) => e.entityType === 'customer'))
          newest.set(event.entityId, Math.max(newest.get(event.entityId) ?? 0, event.version));
        for (const [customerId, version] of newest) {
          const held = records.find((record) => record.externalId === `ferry-${customerId}`);
          if (!held || !String(held.fields['companyName']).endsWith(` v${version}`)) books.wrongVersion += 1;
        }
      }
    }
    return books;
  }

  /** Adds a row to the scenario table and prints it (stdout and .ferry/faults/report.md). */
  record(scenario: string, group: string, books: Books): void {
    this.rows.push({ scenario, group, books });
    const line = FaultHarness.formatRow({ scenario, group, books });
    const dir = join(repositoryRoot(), '.ferry', 'faults');
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, 'report.md'), `${line}\n`);
  }

  static header(): string {
    return [
      '| scenario | tenants | events sent | delivered | stale (not applied) | dead-lettered | lost | duplicate ERP records | wrong version in ERP | repeat writes | p50 ms | p99 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ].join('\n');
  }

  static formatRow({ scenario, group, books }: ScenarioRow): string {
    const p50 = percentile(books.latencies, 50);
    const p99 = percentile(books.latencies, 99);
    return `| ${scenario}${group ? ` — ${group}` : ''} | ${books.tenants} | ${books.sent} | ${books.delivered} | ${books.stale} | ${books.deadLettered} | ${books.lost} | ${books.duplicateRecords} | ${books.wrongVersion} | ${books.repeatWrites} | ${p50 ?? '–'} | ${p99 ?? '–'} |`;
  }

  printTable(): void {
    process.stdout.write(
      `\nFault-injection suite (${new Date().toISOString()}):\n${FaultHarness.header()}\n${this.rows.map(FaultHarness.formatRow).join('\n')}\n\n`,
    );
  }

  async stop(): Promise<void> {
    this.printTable();
    await this.statuses.stop();
    await this.env.stop();
  }
}

export { percentile };
