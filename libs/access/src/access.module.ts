import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { PlatformConfig } from '@ferry/config';
import { Topics, type ApiKey } from '@ferry/contracts';
import { AvroCodec, CompactedTopicView } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { LOGGER, PLATFORM_CONFIG, PLATFORM_READY } from '@ferry/platform';
import { TenantAccessGuard } from './access.guard';
import { AccessService } from './access.service';

/** Every service's view of tenant API keys (hashes only), from the compacted api-keys topic. */
export class ApiKeyView extends CompactedTopicView<ApiKey> {
  constructor(kafka: Kafka, codec: AvroCodec, logger: Logger, groupIdPrefix: string) {
    super(kafka, codec, logger, { topic: Topics.apiKeys, groupIdPrefix: `${groupIdPrefix}-api-keys`, keyOf: (key) => key.keyId });
  }
}

@Injectable()
class ApiKeyViewLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ApiKeyView) private readonly view: ApiKeyView) {}

  async onApplicationShutdown(): Promise<void> {
    await this.view.stop();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: ApiKeyView,
      useFactory: async (kafka: Kafka, codec: AvroCodec, logger: Logger, config: PlatformConfig) => {
        const view = new ApiKeyView(kafka, codec, logger, `${config.kafka.groupIdPrefix}-${config.service}`);
        await view.start();
        return view;
      },
      inject: [Kafka, AvroCodec, LOGGER, PLATFORM_CONFIG, PLATFORM_READY],
    },
    {
      provide: AccessService,
      useFactory: (view: ApiKeyView, config: PlatformConfig) =>
        new AccessService(view, { sharedToken: config.operatorToken, keys: config.operatorKeys }),
      inject: [ApiKeyView, PLATFORM_CONFIG],
    },
    TenantAccessGuard,
    ApiKeyViewLifecycle,
  ],
  exports: [ApiKeyView, AccessService, TenantAccessGuard],
})
export class AccessModule {}
