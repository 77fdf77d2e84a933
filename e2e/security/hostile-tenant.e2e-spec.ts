import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Subjects, Topics, type DeadLetterRecord, type SyncStatus } from '@ferry/contracts';
import {
  E2E_PORTS,
  FerryApiClient,
  TopicCollector,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  startFerry,
  testKafka,
  testStack,
  waitUntil,
  type E2eEnvironment,
  type OnboardedTenant,
} from '@ferry/testing';

/**
 * One tenant admin does the worst it can while three other tenants stream customers to their NetSuite accounts.
 * Every attack must be refused or contained with a reason the attacker's admin can see; the other tenants' events
 * must all arrive once, in order, at their normal pace; no secret may appear anywhere the attacker or a log can
 * read. Real processes, real Kafka, registry and PostgreSQL, the NetSuite simulator.
 */

interface Victim extends OnboardedTenant {
  accountId: string;
  published: Map<string, { customerId: string; at: number }>;
}

interface AttackRow {
  attack: string;
  outcome: string;
  othersP99Ms: number | null;
}

const VICTIM_EVENTS_PER_SECOND = 3;
const rows: AttackRow[] = [];

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('a hostile tenant admin cannot hurt the other tenants', () => {
  const run = randomUUID().slice(0, 6);
  const attackerId = `hostile-${run}`;
  let ferry: E2eEnvironment;
  let statuses: TopicCollector<SyncStatus>;
  let deadLetters: TopicCollector<DeadLetterRecord>;
  let attacker: OnboardedTenant & { api: FerryApiClient };
  const victims: Victim[] = [];
  const responses: unknown[] = [];
  let streaming = true;
  let stream: Promise<void> = Promise.resolve();

  /** The attacker's admin key against the control plane; every answer is kept for the secret scan. */
  async function asAttacker(method: string, path: string, body?: unknown) {
    const response = await attacker.api.request(method, path, body);
    responses.push(response.body);
    return response;
  }

  async function publishCustomer(tenantId: string, name: string) {
    const event = sampleCustomerUpserted(tenantId, { name });
    await ferry.producer.publish({
      topic: Topics.productEvents,
      key: `${tenantId}:customer:${event.envelope.entityId}`,
      subject: Subjects.CustomerUpserted,
      value: event,
    });
    return event;
  }

  /** The victims' steady traffic for the whole suite: each publishes VICTIM_EVENTS_PER_SECOND new customers. */
  async function streamVictims(): Promise<void> {
    while (streaming) {
      const tick = Date.now();
      for (const victim of victims) {
        for (let n = 0; n < VICTIM_EVENTS_PER_SECOND; n += 1) {
          const event = await publishCustomer(victim.tenantId, `Victim ${victim.tenantId} ${victim.published.size}`);
          victim.published.set(event.envelope.eventId, { customerId: event.customer.customerId, at: event.envelope.occurredAt });
        }
      }
      await sleep(Math.max(0, 1000 - (Date.now() - tick)));
    }
  }

  /** p99 of publish → delivered for the victims' events published between `from` and `to`. */
  function victimsP99(from: number, to: number): number | null {
    const latencies = statuses
      .where((s) => s.stage === 'delivery' && s.status === 'delivered' && victims.some((v) => v.tenantId === s.tenantId))
      .filter(({ value }) => {
        const published = victims.find((v) => v.tenantId === value.tenantId)?.published.get(value.eventId);
        return published !== undefined && published.at >= from && published.at <= to;
      })
      .map(({ value }) => Number(value.latencyMs ?? 0));
    return percentile(latencies, 99);
  }

  /** Runs one attack, waits a little so the victims' traffic during it is measured, and records the row. */
  async function attack(name: string, perform: () => Promise<string>): Promise<void> {
    const from = Date.now();
    const outcome = await perform();
    await sleep(2_000);
    const to = Date.now();
    await waitUntil(
      `the victims' events of "${name}" to be delivered`,
      () => victims.every((v) => [...v.published.entries()].every(([id, p]) => p.at > to || delivered(v.tenantId, id))),
      90_000,
    );
    rows.push({ attack: name, outcome, othersP99Ms: victimsP99(from, to) });
  }

  function delivered(tenantId: string, eventId: string): boolean {
    return statuses.where((s) => s.tenantId === tenantId && s.eventId === eventId && s.status === 'delivered').length > 0;
  }

  function attackerStatus(eventId: string): SyncStatus | undefined {
    return statuses.where((s) => s.eventId === eventId && ['dead_lettered', 'delivered', 'skipped'].includes(s.status))[0]?.value;
  }

  beforeAll(async () => {
    ferry = await startFerry({
      purpose: 'hostile',
      services: ['netsuite-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-netsuite', 'observability'],
      // Local development allows http and loopback for the simulators: only the NetSuite simulator's port here, as
      // an operator running simulators would, so loopback SSRF (the registry, the services) stays refused.
      env: { MAPPING_SANDBOX_DEADLINE_MS: '300', FERRY_EGRESS_LOCAL_PORTS: String(E2E_PORTS['netsuite-simulator']) },
    });
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    deadLetters = await new TopicCollector<DeadLetterRecord>(Topics.deadLetter('transformation')).start();
    for (const n of [1, 2, 3]) {
      const tenantId = `victim${n}-${run}`;
      const accountId = `TSTDRV-V${n}-${run.toUpperCase()}`;
      const onboarded = await onboardNetSuiteTenant({
        controlPlane: ferry.controlPlane,
        tenantId,
        accountId,
        simulatorUrl: ferry.simulatorUrl,
      });
      victims.push({ ...onboarded, accountId, published: new Map() });
    }
    const onboarded = await onboardNetSuiteTenant({
      controlPlane: ferry.controlPlane,
      tenantId: attackerId,
      accountId: `TSTDRV-H-${run.toUpperCase()}`,
      simulatorUrl: ferry.simulatorUrl,
    });
    attacker = { ...onboarded, api: new FerryApiClient(ferry.processes.url('control-plane'), onboarded.apiKey) };
    stream = streamVictims();
    // Warm-up (tokens fetched, lanes leased, consumers settled) is not the victims' normal pace: measure after it.
    await sleep(3_000);
    const warm = Date.now();
    await waitUntil(
      'the victims’ first events to be delivered',
      () => victims.every((v) => [...v.published.entries()].every(([id, p]) => p.at > warm || delivered(v.tenantId, id))),
      120_000,
    );
    await attack('(none: baseline)', () => sleep(5_000).then(() => 'victims streaming alone'));
  });

  afterAll(async () => {
    streaming = false;
    await stream.catch(() => undefined);
    const header = `${'attack'.padEnd(46)} ${'outcome'.padEnd(92)} others' p99`;
    const lines = rows.map(
      (row) =>
        `${row.attack.padEnd(46)} ${row.outcome.slice(0, 92).padEnd(92)} ${row.othersP99Ms === null ? '-' : `${row.othersP99Ms} ms`}`,
    );
    process.stdout.write(`\nHostile-tenant suite (${VICTIM_EVENTS_PER_SECOND * 3} victim events/s)\n${header}\n${lines.join('\n')}\n\n`);
    await statuses?.stop();
    await deadLetters?.stop();
    await ferry?.stop();
  });

  it('refuses a mapping field that walks into the prototype, naming the rule', async () => {
    await attack('prototype pollution via a field path', async () => {
      const response = await asAttacker('PUT', `/v1/tenants/${attackerId}/mappings/customer`, {
        fieldExpressions: { '__proto__.skippedBy': "'everyone'" },
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(/reserved name/);
      const nested = await asAttacker('PUT', `/v1/tenants/${attackerId}/mappings/customer`, {
        fieldExpressions: { 'a.constructor.prototype.skippedBy': "'everyone'" },
      });
      expect(nested.status).toBe(400);
      return `refused: 400 ${JSON.stringify((response.body as { error?: { code?: string } }).error?.code)}`;
    });
  });

  it('refuses at save time an expression that never ends on the sample event', async () => {
    await attack('frozen expression (saved)', async () => {
      const response = await asAttacker('PUT', `/v1/tenants/${attackerId}/mappings/customer`, {
        fieldExpressions: { companyName: '($f := function($x){ $f($x) }; $f(1))' },
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(/EXPRESSION_LIMIT/);
      return 'refused at save: 400 EXPRESSION_LIMIT (ran against the sample event in the sandbox)';
    });
  });

  it('contains an expression that freezes only on some events: that event is dead-lettered, the mapping flagged', async () => {
    await attack('frozen expression (on one event)', async () => {
      const saved = await asAttacker('PUT', `/v1/tenants/${attackerId}/mappings/customer`, {
        fieldExpressions: { companyName: "customer.name = 'FREEZE' ? ($f := function($x){ $f($x) }; $f(1)) : customer.name" },
      });
      expect(saved.status).toBe(200);
      const frozen = await Promise.all([1, 2, 3, 4].map(() => publishCustomer(attackerId, 'FREEZE')));
      const outcomes = await waitUntil(
        'the frozen events to be dead-lettered',
        () => {
          const found = frozen.map((event) => attackerStatus(event.envelope.eventId));
          return found.every(Boolean) ? found : undefined;
        },
        60_000,
      );
      expect(outcomes.map((status) => status!.status)).toEqual(['dead_lettered', 'dead_lettered', 'dead_lettered', 'dead_lettered']);
      expect(outcomes.map((status) => status!.errorCode)).toEqual(expect.arrayContaining(['EXPRESSION_TIMEOUT']));
      for (const status of outcomes) expect(['EXPRESSION_TIMEOUT', 'EXPRESSION_QUARANTINED']).toContain(status!.errorCode);
      const incidents = await waitUntil(
        'the mapping to be flagged in the control plane',
        async () => {
          const response = await asAttacker('GET', `/v1/tenants/${attackerId}/mapping-incidents`);
          return (response.body as { open: number }).open > 0 ? (response.body as { items: { path: string; code: string }[] }) : undefined;
        },
        30_000,
      );
      expect(incidents.items[0]).toMatchObject({ path: 'mappings.customer@netsuite-main.fieldExpressions.companyName' });
      const normal = await publishCustomer(attackerId, 'Ordinary Customer');
      await waitUntil('the attacker’s ordinary event to be handled', () => attackerStatus(normal.envelope.eventId), 60_000);
      return `contained: ${outcomes.map((s) => s!.errorCode).join(', ')}; mapping flagged (${incidents.items[0]!.code})`;
    });
  });

  it('contains a memory bomb: the event is dead-lettered and nothing else notices', async () => {
    await attack('memory bomb ($pad 500 MB)', async () => {
      const saved = await asAttacker('PUT', `/v1/tenants/${attackerId}/mappings/customer`, {
        fieldExpressions: { companyName: "customer.name = 'BOMB' ? $pad('', 500000000, 'x') : customer.name" },
      });
      expect(saved.status).toBe(200);
      const bomb = await publishCustomer(attackerId, 'BOMB');
      const status = await waitUntil('the bomb to be dead-lettered', () => attackerStatus(bomb.envelope.eventId), 60_000);
      expect(status).toMatchObject({ status: 'dead_lettered' });
      expect(['EXPRESSION_MEMORY_LIMIT', 'EXPRESSION_TIMEOUT']).toContain(status.errorCode);
      return `contained: dead-lettered ${status.errorCode}`;
    });
  });

  it('dead-letters a command too large for Kafka instead of stalling its partition', async () => {
    await attack('oversized record (500 kB name, ~1 MB command)', async () => {
      // The command carries the mapped payload and the source event: twice the name, over KAFKA_MAX_RECORD_BYTES.
      // companyName is cut to NetSuite's 83 characters by the template's field limits, so the attacker moves the
      // name to a field of its own choosing, which no limit covers (once: the sandbox caps all of a mapping's
      // output at 512 KiB).
      const saved = await asAttacker('PUT', `/v1/tenants/${attackerId}/mappings/customer`, {
        fieldExpressions: { companyName: "'Oversized'", comments: 'customer.name' },
      });
      expect(saved.status).toBe(200);
      const huge = await publishCustomer(attackerId, 'H'.repeat(500_000));
      const status = await waitUntil('the oversized command to be dead-lettered', () => attackerStatus(huge.envelope.eventId), 60_000);
      expect(status).toMatchObject({ status: 'dead_lettered', errorCode: 'RECORD_TOO_LARGE' });
      return `contained: dead-lettered ${status.errorCode}`;
    });
  });

  describe('server-side request forgery through a connection', () => {
    const webhookTo = (baseUrl: string) => ({
      erpKind: 'webhook',
      baseUrl,
      authKind: 'hmac_sha256',
      settings: {},
      credentials: { signingSecret: 's'.repeat(40) },
    });
    it.each<[string, string, RegExp]>([
      ['SSRF to 127.0.0.1 (the schema registry)', 'http://127.0.0.1:8081/apis/ccompat/v7', /loopback|port/],
      ['SSRF to the cloud metadata service', 'http://169.254.169.254/latest/meta-data/', /link-local/],
      ['SSRF to a private address', 'https://10.0.0.8/hook', /private/],
      ['SSRF to a name that resolves to 127.0.0.1', 'http://localhost:3101/v1', /localhost|loopback|port/],
    ])('refuses %s when the connection is saved', async (name, baseUrl, reason) => {
      await attack(name, async () => {
        const response = await asAttacker('PUT', `/v1/tenants/${attackerId}/connections/exfil`, webhookTo(baseUrl));
        const error = (response.body as { error: { code: string; message: string } }).error;
        expect(response.status).toBe(400);
        expect(error.code).toBe('UNSAFE_DESTINATION');
        expect(error.message).toMatch(reason);
        return `refused 400 ${error.code}: ${error.message.slice(error.message.indexOf(':') + 2)}`;
      });
    });

    it('refuses to point the stored NetSuite credentials at another host without sending them again', async () => {
      await attack('credential re-pointing (baseUrl changed, no credentials)', async () => {
        const listed = await asAttacker('GET', `/v1/tenants/${attackerId}/connections`);
        const current = (listed.body as { items: Record<string, unknown>[] }).items.find((c) => c['connectionId'] === 'netsuite-main')!;
        const { erpKind, authKind, settings } = current;
        const response = await asAttacker('PUT', `/v1/tenants/${attackerId}/connections/netsuite-main`, {
          erpKind,
          authKind,
          settings,
          baseUrl: 'https://attacker.suitetalk.api.netsuite.com',
        });
        const error = (response.body as { error: { code: string; details?: { fields: string[] } } }).error;
        expect(response.status).toBe(400);
        expect(error.code).toBe('CREDENTIALS_REQUIRED_FOR_NEW_DESTINATION');
        expect(error.details?.fields).toContain('baseUrl');
        return `refused 400 ${error.code} (${error.details?.fields.join(', ')})`;
      });
    });
  });

  it("refuses a write to the API-key topic made with a service's own Kafka credentials", async () => {
    // An attacker who got hold of a delivery service's Kafka password would mint itself an admin key here.
    const stack = testStack();
    if (!stack.principals) throw new Error('this suite needs a stack with a principal per service (the local stack has them)');
    await attack("mint an API key with delivery-netsuite's Kafka credentials", async () => {
      const producer = testKafka('hostile-forger', 'delivery-netsuite').producer({ retry: { retries: 0 } });
      await producer.connect();
      const refusal = await producer
        .send({ topic: Topics.apiKeys, acks: -1, messages: [{ key: `forged-${run}`, value: Buffer.from('forged admin key') }] })
        .then(
          () => undefined,
          (error: Error & { type?: string; cause?: { type?: string } }) => error.type ?? error.cause?.type ?? error.name,
        )
        .finally(() => producer.disconnect());
      expect(refusal).toBe('TOPIC_AUTHORIZATION_FAILED');
      return `refused by Kafka's ACLs: ${refusal}`;
    });
  });

  it('delivers every other tenant’s event exactly once', async () => {
    streaming = false;
    await stream;
    for (const victim of victims) {
      await waitUntil(
        `all of ${victim.tenantId}'s events to be delivered`,
        () => [...victim.published.keys()].every((eventId) => delivered(victim.tenantId, eventId)),
        120_000,
      );
      const response = await fetch(`${ferry.simulatorUrl}/__admin/accounts/${victim.accountId}/records/customer`);
      const held = (await response.json()) as { externalId: string; writeCount: number }[];
      const expected = new Set([...victim.published.values()].map((p) => `ferry-${p.customerId}`));
      expect(held.map((record) => record.externalId).sort()).toEqual([...expected].sort());
      expect(held.filter((record) => record.writeCount !== 1)).toEqual([]);
    }
  });

  it('leaks no secret into any log, dead letter, status or response', () => {
    const secrets = [ferry.operatorToken, attacker.apiKey, ...victims.map((v) => v.apiKey)];
    const logs = readdirSync(ferry.processes.logsDir).map((file) => readFileSync(join(ferry.processes.logsDir, file), 'utf8'));
    const surfaces = [
      ...logs,
      JSON.stringify(responses),
      JSON.stringify(statuses.messages.map((m) => m.value)),
      JSON.stringify(deadLetters.messages.map((m) => ({ ...m.value, value: null, key: null }))),
    ];
    for (const secret of secrets) for (const surface of surfaces) expect(surface.includes(secret)).toBe(false);
    for (const surface of surfaces) expect(surface).not.toMatch(/-----BEGIN (EC )?PRIVATE KEY-----/);
  });
});
