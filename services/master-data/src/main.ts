import { runService } from '@ferry/platform';
import { MasterDataModule } from './app.module';
import { MASTER_DATA, loadMasterDataConfig } from './master-data.config';

void runService({
  name: MASTER_DATA,
  loadConfig: () => loadMasterDataConfig(),
  usesDatabase: true,
  module: (config, logger) => MasterDataModule.create(config, logger),
});
