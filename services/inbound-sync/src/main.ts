import { runService } from '@ferry/platform';
import { InboundSyncModule } from './app.module';
import { INBOUND_SYNC, loadInboundSyncConfig } from './inbound-sync.config';

void runService({
  name: INBOUND_SYNC,
  loadConfig: () => loadInboundSyncConfig(),
  usesDatabase: true,
  module: (config, logger) => InboundSyncModule.create(config, logger),
});
