import { runService } from '@ferry/platform';
import { IngestionModule } from './app.module';
import { INGESTION, loadIngestionConfig } from './ingestion.config';

void runService({
  name: INGESTION,
  loadConfig: () => loadIngestionConfig(),
  usesDatabase: true,
  module: (config, logger) => IngestionModule.create(config, logger),
});
