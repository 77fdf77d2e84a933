import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import type { PlatformConfig } from '@ferry/config';
import { SchemaCatalog, ferryTopicSpecs } from '@ferry/contracts';
import { AvroCodec, DeadLetterPublisher, EventProducer, createKafkaClient, ensureTopics } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { ConsumerRegistry } from './consumer-registry';
import { DependencyMetrics } from './dependency-metrics';
import { HealthController, HealthService } from './health.service';
import { DeprecationHeadersInterceptor, deprecatedRouteHeaders } from './openapi/deprecation-headers';
import { OPENAPI_DOCUMENT, OpenApiController, loadOpenApiDocument } from './openapi/openapi.controller';
import { LOGGER, PLATFORM_CONFIG } from './platform.tokens';

export interface PlatformModuleOptions {
  config: PlatformConfig;
  logger: Logger;
  /** Registry subjects this service writes; registered (with their compatibility rule) at start. */
  producedSubjects: string[];
  /** The service's OpenAPI document, from the repository root (served at GET /v1/openapi.json). */
  openApiDocument: string;
}

/**
 * Resolved once topics exist and the service's schemas are registered. Providers that touch Kafka at start
 * (the producer, configuration views) depend on it, so nothing reads or writes before the platform is set up.
 */
export const PLATFORM_READY = Symbol('PLATFORM_READY');

/** Shutdown of the Kafka plumbing: runs after consumers stopped (ConsumerRegistry.beforeApplicationShutdown). */
@Injectable()
export class PlatformLifecycle implements OnApplicationShutdown {
  constructor(private readonly producer: EventProducer) {}

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
      controllers: [HealthController, OpenApiController],
      providers: [
        { provide: OPENAPI_DOCUMENT, useFactory: () => loadOpenApiDocument(options.openApiDocument) },
        {
          provide: APP_INTERCEPTOR,
          useFactory: (document: Record<string, unknown>) => new DeprecationHeadersInterceptor(deprecatedRouteHeaders(document)),
          inject: [OPENAPI_DOCUMENT],
        },
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Kafka, useFactory: () => createKafkaClient(config.kafka, logger) },
        { provide: SchemaCatalog, useFactory: () => SchemaCatalog.load() },
        {
          provide: AvroCodec,
          useFactory: (catalog: SchemaCatalog) => AvroCodec.create(config.registry, catalog),
          inject: [SchemaCatalog],
        },
        {
          provide: PLATFORM_READY,
          useFactory: async (kafka: Kafka, codec: AvroCodec) => {
            await ensureTopics(
              kafka,
              ferryTopicSpecs(config.kafka.partitions, config.kafka.maxRecordBytes),
              logger,
              config.kafka.replicationFactor,
            );
            const ids = await codec.registerSubjects([...options.producedSubjects, 'io.ferry.operations.v1.DeadLetterRecord']);
            logger.info({ subjects: Object.fromEntries(ids) }, 'schemas registered');
            return true;
          },
          inject: [Kafka, AvroCodec],
        },
        {
          provide: EventProducer,
          useFactory: async (kafka: Kafka, codec: AvroCodec) => {
            const producer = new EventProducer(kafka, codec, config.kafka.maxRecordBytes);
            await producer.connect();
            return producer;
          },
          inject: [Kafka, AvroCodec, PLATFORM_READY],
        },
        {
          provide: DeadLetterPublisher,
          useFactory: (producer: EventProducer) => new DeadLetterPublisher(config.service, producer, logger),
          inject: [EventProducer],
        },
        ConsumerRegistry,
        HealthService,
        DependencyMetrics,
        PlatformLifecycle,
      ],
      exports: [
        PLATFORM_CONFIG,
        PLATFORM_READY,
        LOGGER,
        Kafka,
        SchemaCatalog,
        AvroCodec,
        EventProducer,
        DeadLetterPublisher,
        ConsumerRegistry,
      ],
    };
  }
}
