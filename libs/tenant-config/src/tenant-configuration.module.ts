import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { PlatformConfig } from '@ferry/config';
import { AvroCodec } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { LOGGER, PLATFORM_CONFIG, PLATFORM_READY } from '@ferry/platform';
import { TenantConfigurationView } from './tenant-configuration-view';

@Injectable()
class TenantConfigurationViewLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TenantConfigurationView) private readonly view: TenantConfigurationView) {}

  async onApplicationShutdown(): Promise<void> {
    await this.view.stop();
  }
}

/** Gives a service the live tenant-configuration view; consumers await view.ready() before they start. */
@Module({
  providers: [
    {
      provide: TenantConfigurationView,
      useFactory: async (kafka: Kafka, codec: AvroCodec, logger: Logger, config: PlatformConfig) => {
        const view = new TenantConfigurationView(kafka, codec, logger, `${config.kafka.groupIdPrefix}-${config.service}`);
        await view.start();
        return view;
      },
      inject: [Kafka, AvroCodec, LOGGER, PLATFORM_CONFIG, PLATFORM_READY],
    },
    TenantConfigurationViewLifecycle,
  ],
  exports: [TenantConfigurationView],
})
export class TenantConfigurationModule {}
