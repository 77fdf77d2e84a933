import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AccessService, TenantAccessGuard, generateApiKey } from '@ferry/access';
import { SchemaCatalog, type ApiKey, type ValidatedEvent } from '@ferry/contracts';
import { createLogger } from '@ferry/logging';
import { LOGGER, PLATFORM_CONFIG, configureHttpApp } from '@ferry/platform';
import { openTestDatabase, sampleCustomerUpserted, type TestDatabase } from '@ferry/testing';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { INGESTION_MIGRATIONS } from '../migrations/ingestion-migrations';
import { RateLimitBucketRepository } from '../throttling/rate-limit-bucket.repository';
import { TenantThrottleGuard } from '../throttling/tenant-throttle.guard';
import { TenantThrottleService } from '../throttling/tenant-throttle.service';
import { CanonicalEventIntakeService, type IntakeResult } from './canonical-event-intake.service';
import { EventBatchController } from './event-batch.controller';

/**
 * Real: the controller with its guards, the HTTP error shape, PostgreSQL with ingestion's migrations. Not Kafka:
 * the intake records what it was asked to publish.
 */
describe('the ingestion HTTP API with idempotency keys and throttling', () => {
  const acmeKey = generateApiKey();
  const globexKey = generateApiKey();
  const initechKey = generateApiKey();
  const keys = new Map<string, ApiKey>(
    [
      [acmeKey, 'acme'],
      [globexKey, 'globex'],
      [initechKey, 'initech'],
    ].map(([key, tenantId]) => {
      const { keyId, secretHash } = key as ReturnType<typeof generateApiKey>;
      return [keyId, { keyId, tenantId: tenantId as string, scopes: ['ingest'], secretHash, createdAt: 0 }];
    }),
  );
  // Real: HTTP, guards, PostgreSQL. Faked: the intake that publishes to Kafka (recorded here), which the e2e
  // tier covers; what this spec proves is what reaches the intake.
  const published: string[][] = [];
  const intake = {
    accept: (events: ValidatedEvent[]): Promise<IntakeResult[]> => {
      published.push(events.map((e) => e.event.envelope.eventId));
      return Promise.resolve(events.map((e) => ({ eventId: e.event.envelope.eventId, status: 'accepted' as const })));
    },
  };
  const burst = 6;
  let database: TestDatabase;
  let app: NestExpressApplication;
  let base = '';

  beforeAll(async () => {
    database = await openTestDatabase('ingestion_http', INGESTION_MIGRATIONS);
    const config = {
      maxBatchSize: 10,
      idempotencyTtlHours: 24,
      rateLimits: {
        tenant: { ratePerSecond: 0.001, burst },
        apiKey: { ratePerSecond: 0.001, burst },
        cap: { ratePerSecond: 1000, burst: 2000 },
      },
    };
    @Module({
      controllers: [EventBatchController],
      providers: [
        { provide: DataSource, useValue: database.dataSource },
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: LOGGER, useValue: createLogger('ingestion-http-spec', 'silent') },
        { provide: SchemaCatalog, useValue: SchemaCatalog.load() },
        {
          provide: AccessService,
          useValue: new AccessService(
            { cached: (id) => keys.get(id), catchUp: () => Promise.resolve(true) },
            { sharedToken: undefined, keys: [] },
          ),
        },
        { provide: CanonicalEventIntakeService, useValue: intake },
        TenantAccessGuard,
        IdempotencyRepository,
        IdempotencyService,
        RateLimitBucketRepository,
        TenantThrottleService,
        TenantThrottleGuard,
      ],
    })
    class IngestionHttpModule {}
    app = await NestFactory.create<NestExpressApplication>(IngestionHttpModule, { logger: false, bodyParser: false });
    configureHttpApp(app, createLogger('ingestion-http-spec', 'silent'));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/v1/tenants`;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const batch = (eventId: string) => ({ events: [{ type: 'CustomerUpserted', event: sampleCustomerUpserted('acme', { eventId }) }] });
  async function post(tenantId: string, token: string, body: unknown, idempotencyKey?: string) {
    const response = await fetch(`${base}/${tenantId}/events`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        ...(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }),
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { error?: { code: string } };
    return { status: response.status, code: json.error?.code, body: json, headers: response.headers };
  }

  it('hands a batch retried with the same Idempotency-Key to the intake once, answering the retry with the first answer', async () => {
    const body = batch('e-idem-1');
    const first = await post('acme', acmeKey.token, body, 'retry-me');
    const retry = await post('acme', acmeKey.token, body, 'retry-me');
    expect(first.status).toBe(202);
    expect(retry).toMatchObject({ status: 202, body: first.body });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(published.filter((ids) => ids.includes('e-idem-1'))).toHaveLength(1);

    expect(await post('acme', acmeKey.token, batch('e-idem-2'), 'retry-me')).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await post('acme', acmeKey.token, body, 'x'.repeat(256))).toMatchObject({ status: 400, code: 'INVALID_IDEMPOTENCY_KEY' });
  });

  it('throttles a tenant over its burst with 429, Retry-After and RateLimit headers, leaving another tenant unaffected', async () => {
    const initechBatch = (eventId: string) => ({
      events: [{ type: 'CustomerUpserted', event: sampleCustomerUpserted('initech', { eventId }) }],
    });
    const answers = [];
    for (let i = 0; i <= burst; i += 1) answers.push(await post('initech', initechKey.token, initechBatch(`e-rate-${i}`)));
    expect(answers.map((a) => a.status)).toEqual([...Array<number>(burst).fill(202), 429]);
    expect(answers.map((a) => a.headers.get('ratelimit-remaining'))).toEqual(['5', '4', '3', '2', '1', '0', '0']);
    const refused = answers[burst]!;
    expect(refused.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-limit')).toBe(String(burst));
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(published.flat()).not.toContain(`e-rate-${burst}`);

    const globex = await post('globex', globexKey.token, {
      events: [{ type: 'CustomerUpserted', event: sampleCustomerUpserted('globex') }],
    });
    expect(globex.status).toBe(202);
    expect(globex.headers.get('ratelimit-remaining')).toBe(String(burst - 1));
  });

  it('spends no token on a caller it cannot authenticate', async () => {
    const response = await post('globex', 'fry_000000000000_not-a-real-secret-not-a-real-secr', batch('e-anon'));
    expect(response.status).toBe(401);
    expect(response.headers.get('ratelimit-remaining')).toBeNull();
  });
});
