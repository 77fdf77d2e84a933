import { runService } from '@ferry/platform';
import { ReconciliationModule } from './app.module';
import { RECONCILIATION, loadReconciliationConfig } from './reconciliation.config';

void runService({
  name: RECONCILIATION,
  loadConfig: () => loadReconciliationConfig(),
  usesDatabase: true,
  module: (config, logger) => ReconciliationModule.create(config, logger),
});
