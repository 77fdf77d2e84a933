import type { Kafka } from 'kafkajs';
import type { AvroCodec } from '@ferry/kafka';
import { createLogger } from '@ferry/logging';
import { TenantConfigurationView } from './tenant-configuration-view';

/** A broker whose configuration topic is empty: a catch-up finds its end at once. */
function emptyTopicKafka(): { kafka: Kafka; endLookups: () => number } {
  let lookups = 0;
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    fetchTopicOffsets: async () => {
      lookups += 1;
      return [{ partition: 0, offset: '0', high: '0', low: '0' }];
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, endLookups: () => lookups };
}

const view = (kafka: Kafka) => new TenantConfigurationView(kafka, {} as AvroCodec, createLogger('spec', 'silent'), 'spec');

describe('TenantConfigurationView.asOf', () => {
  it('looks at the topic end for an event published after its last catch-up, and not again for earlier ones', async () => {
    const { kafka, endLookups } = emptyTopicKafka();
    const configurations = view(kafka);
    const publishedBefore = Date.now() - 1;

    expect(configurations.holdsEverythingPublishedBefore(publishedBefore)).toBe(false);
    await configurations.asOf('acme', publishedBefore);
    expect(endLookups()).toBe(1);
    expect(configurations.holdsEverythingPublishedBefore(publishedBefore)).toBe(true);

    await configurations.asOf('acme', publishedBefore);
    expect(endLookups()).toBe(1);

    await configurations.asOf('acme', Date.now() + 60_000);
    expect(endLookups()).toBe(2);
    await configurations.stop();
  });

  it.each([
    ['already caught up past the event', true, true, 'cached', 0],
    ['not yet, and the topic is read to its end', false, true, 'cached', 1],
    ['not yet, and the topic cannot be read to its end', false, false, 'CONFIGURATION_UNCONFIRMED', 1],
  ])('%s', async (_case, holds, caughtUp, outcome, catchUps) => {
    const configurations = view(emptyTopicKafka().kafka);
    const held = { tenantId: 'acme', version: 3 };
    jest.spyOn(configurations, 'holdsEverythingPublishedBefore').mockReturnValue(holds);
    const catchUp = jest.spyOn(configurations, 'catchUp').mockResolvedValue(caughtUp);
    jest.spyOn(configurations, 'cached').mockReturnValue(held as never);

    const answer = configurations.asOf('acme', 1_000);
    if (outcome === 'cached') await expect(answer).resolves.toBe(held);
    else await expect(answer).rejects.toMatchObject({ code: outcome });
    expect(catchUp).toHaveBeenCalledTimes(catchUps);
  });
});
