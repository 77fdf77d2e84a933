import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchemaCatalog, Topics, type CanonicalEvent } from '@ferry/contracts';
import { permanent, type ConsumedMessage, type TopicConsumer } from '@ferry/kafka';
import { ConsumerRegistry } from '@ferry/platform';
import { CanonicalEventIntakeService } from './canonical-event-intake.service';
import { productEventRefusal } from './product-event-check';

/**
 * Reads what the SaaS product publishes. The record must be one of the canonical events, decoded through the
 * registry (resolved into our version of its schema) and consistent with its key; anything else is
 * dead-lettered with the reason by the shared consumer, never dropped. Runs in Kafka transactions: the
 * canonical events (and dead letters) commit atomically with the product events' offsets.
 */
@Injectable()
export class ProductEventsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<CanonicalEvent>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly catalog: SchemaCatalog,
    private readonly intake: CanonicalEventIntakeService,
  ) {
    this.consumer = consumers.create<CanonicalEvent>({
      topics: [Topics.productEvents],
      transactional: true,
      handle: (message) => this.handle(message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle(message: ConsumedMessage<CanonicalEvent>): Promise<void> {
    const refusal = productEventRefusal(message, this.catalog);
    if (refusal) throw permanent(refusal.code, refusal.message, 'invalid');
    const entry = this.catalog.canonicalEvents().find((candidate) => candidate.subject === message.recordName)!;
    await this.intake.acceptInKafkaTransaction({ entry, event: message.value });
  }
}
