import { DeliveryModule, loadDeliveryConfig } from '@ferry/delivery';
import { NetSuiteConnector } from '@ferry/erp-netsuite';
import { runService } from '@ferry/platform';

/** NetSuite's delivery service: the shared delivery module with the NetSuite REST connector. */
void runService({
  name: 'delivery-netsuite',
  loadConfig: () => loadDeliveryConfig('netsuite', 3003),
  usesDatabase: true,
  module: (config, logger) => DeliveryModule.forErp(new NetSuiteConnector(), config, logger),
});
