import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { PlatformConfig } from '@ferry/config';
import { SchemaCatalog, ferryTopicSpecs } from '@ferry/contracts';
import { AvroCodec, DeadLetterPublisher, EventProducer, createKafkaClient, ensureTopics } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { MetricsController } from '@ferry/metrics';
import { ConsumerRegistry } from './consumer-registry';
import { HealthController, HealthService } from './health.service';
import { LOGGER, PLATFORM_CONFIG } from './platform.tokens';

export interface PlatformModuleOptions {
  config: PlatformConfig;
  logger: Logger;
  /** Registry subjects this service writes; registered (with their compatibility rule) at start. */
  producedSubjects: string[];
}

const PRODUCED_SUBJECTS = Symbol('PRODUCED_SUBJECTS');

/** Start-up and shutdown of the Kafka plumbing every service shares. */
@Injectable()
export class PlatformLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly producer: EventProducer,
    @Inject(PRODUCED_SUBJECTS) private readonly subjects: string[],
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(this.kafka, ferryTopicSpecs(this.config.kafka.partitions), this.logger, this.config.kafka.replicationFactor);
    const ids = await this.codec.registerSubjects(this.subjects);
    this.logger.info({ subjects: Object.fromEntries(ids) }, 'schemas registered');
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}

@Global()
@Module({})
export class FerryPlatformModule {
  static forService(options: PlatformModuleOptions): DynamicModule {
    const { config, logger } = options;
    return {
      module: FerryPlatformModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: PRODUCED_SUBJECTS, useValue: [...options.producedSubjects, 'io.ferry.operations.v1.DeadLetterRecord'] },
        { provide: Kafka, useFactory: () => createKafkaClient(config.kafka, logger) },
        { provide: SchemaCatalog, useFactory: () => SchemaCatalog.load() },
        { provide: AvroCodec, useFactory: (catalog: SchemaCatalog) => AvroCodec.create(config.registry.url, catalog), inject: [SchemaCatalog] },
        { provide: EventProducer, useFactory: (kafka: Kafka, codec: AvroCodec) => new EventProducer(kafka, codec), inject: [Kafka, AvroCodec] },
        {
          provide: DeadLetterPublisher,
          useFactory: (producer: EventProducer) => new DeadLetterPublisher(config.service, producer, logger),
          inject: [EventProducer],
        },
        ConsumerRegistry,
        HealthService,
        PlatformLifecycle,
      ],
      exports: [PLATFORM_CONFIG, LOGGER, Kafka, SchemaCatalog, AvroCodec, EventProducer, DeadLetterPublisher, ConsumerRegistry],
    };
  }
}
