import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Subjects, Topics, type CanonicalEvent, type CustomerUpserted } from '@ferry/contracts';
import { isDatabaseUnavailable } from '@ferry/database';
import { infrastructure, permanent, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry, LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import type { Logger } from '@ferry/logging';
import { MatchingError } from '@ferry/matching';
import { counter, histogram } from '@ferry/metrics';
import { GoldenRecordsService } from '../golden-records/golden-records.service';
import type { MasterDataConfig } from '../master-data.config';
import { sourceCustomerOf } from './customer-record-mapping';

const placed = counter(
  'ferry_master_data_records_total',
  'Source customers placed into golden records, by source system and outcome (created, joined, merged, updated, unchanged, stale)',
  ['tenant_id', 'source', 'outcome'],
);
const placing = histogram('ferry_master_data_place_seconds', 'Time to match, store and publish one source customer', []);

/**
 * Customers from every source on the canonical-events topic (the product's CustomerUpserted and the ERPs' that
 * inbound-sync read; the envelope's source system tells which) into golden records. Other canonical events are
 * passed over. Transactional: the golden records it publishes commit with the consumed offset.
 */
@Injectable()
export class CustomerEventsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<CanonicalEvent>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly goldenRecords: GoldenRecordsService,
    @Inject(PLATFORM_CONFIG) config: MasterDataConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = consumers.create<CanonicalEvent>({
      topics: [Topics.canonicalEvents],
      fromBeginning: config.canonicalEventsFrom === 'earliest',
      transactional: true,
      handle: (message) => this.handle(message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value, recordName }: ConsumedMessage<CanonicalEvent>): Promise<void> {
    if (recordName !== Subjects.CustomerUpserted) return;
    const customer = sourceCustomerOf(value as unknown as CustomerUpserted);
    const timer = placing.startTimer();
    try {
      const result = await this.goldenRecords.place(customer);
      placed.inc({ tenant_id: customer.tenantId, source: customer.record.source, outcome: result.outcome });
      this.logger.info(
        { tenantId: customer.tenantId, correlationId: value.envelope.correlationId, outcome: result.outcome, goldenId: result.goldenId },
        'customer placed',
      );
    } catch (error) {
      if (error instanceof MatchingError)
        throw permanent(`MATCHING_${error.code.toUpperCase().replace(/-/g, '_')}`, error.message, 'invalid');
      if (isDatabaseUnavailable(error))
        throw infrastructure('DATABASE_UNAVAILABLE', `master-data database unavailable: ${(error as Error).message}`, error);
      throw error;
    } finally {
      timer();
    }
  }
}
