import { randomUUID } from 'node:crypto';
import { Topics, type TenantConfiguration } from '@ferry/contracts';
import { EventProducer } from '@ferry/kafka';
import { createLogger } from '@ferry/logging';
import { TenantConfigurationView, publishTenantConfiguration } from '@ferry/tenant-config';
import { testCodec, testKafka, waitUntil } from '@ferry/testing';
import { ConfigurationViewStandings } from './tenant-data.module';

/**
 * Real: Kafka and the registry of the stack, the compacted ferry.tenant-configuration.v1 topic, EventProducer's
 * tombstone and a service's TenantConfigurationView. The tenant is this run's own. What every service's erasure
 * gate sees of a tenant through offboarding: active, suspended, gone after the control plane's tombstone, and
 * back if the same id is onboarded again.
 */
const tenantId = `tomb-${randomUUID().slice(0, 8)}`;
const configuration = (version: number, active: boolean): TenantConfiguration => ({
  tenantId,
  version,
  displayName: 'Tombstone test',
  active,
  connections: [],
  mappings: [],
  updatedAt: Date.now(),
});

describe('a tenant configuration tombstone, as a service view and its erasure gate see it', () => {
  const kafka = testKafka('tenant-data-int-spec');
  const codec = testCodec();
  const producer = new EventProducer(kafka, codec);
  const view = new TenantConfigurationView(kafka, codec, createLogger('tenant-data-int-spec', 'silent'), `ferry-it-${tenantId}`);
  const standings = new ConfigurationViewStandings(view);

  beforeAll(async () => {
    await producer.connect();
    await view.start();
  });

  afterAll(async () => {
    await view.stop();
    await producer.disconnect();
  });

  it('goes from active to suspended to gone, and a re-onboarded tenant of the same id is seen again', async () => {
    expect(await standings.standingOf(tenantId)).toBe('gone');
    await publishTenantConfiguration(producer, configuration(1, true));
    expect(await standings.standingOf(tenantId)).toBe('active');
    await publishTenantConfiguration(producer, configuration(2, false));
    expect(await standings.standingOf(tenantId)).toBe('suspended');

    await producer.publishTombstone(Topics.tenantConfiguration, tenantId);
    expect(await standings.standingOf(tenantId)).toBe('gone');
    expect(view.cached(tenantId)).toBeUndefined();

    // A later onboarding under the same id starts again at version 1: the tombstone left no version to beat.
    await publishTenantConfiguration(producer, configuration(1, true));
    await waitUntil('the re-onboarded tenant in the view', async () => (await view.latest(tenantId))?.version === 1, 10_000);
    expect(await standings.standingOf(tenantId)).toBe('active');
    await producer.publishTombstone(Topics.tenantConfiguration, tenantId);
  });
});
