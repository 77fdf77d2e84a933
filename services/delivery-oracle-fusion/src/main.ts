import { DeliveryModule, loadDeliveryConfig } from '@ferry/delivery';
import { OracleFusionConnector } from '@ferry/erp-oracle-fusion';
import { runService } from '@ferry/platform';

/** Oracle Fusion delivery: the shared delivery module with the Fusion REST connector. */
void runService({
  name: 'delivery-oracle-fusion',
  loadConfig: () => loadDeliveryConfig('oracle_fusion', 3009),
  usesDatabase: true,
  module: (config, logger) => DeliveryModule.forErp(new OracleFusionConnector(), config, logger),
});
