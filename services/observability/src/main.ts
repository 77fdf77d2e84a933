import { runService } from '@ferry/platform';
import { ObservabilityModule } from './app.module';
import { OBSERVABILITY, loadObservabilityConfig } from './observability.config';

void runService({
  name: OBSERVABILITY,
  loadConfig: () => loadObservabilityConfig(),
  usesDatabase: true,
  module: (config, logger) => ObservabilityModule.create(config, logger),
});
