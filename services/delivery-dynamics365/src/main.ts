import { DeliveryModule, loadDeliveryConfig } from '@ferry/delivery';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { runService } from '@ferry/platform';

/** Dynamics 365 / Dataverse delivery: the shared delivery module with the Dataverse Web API connector. */
void runService({
  name: 'delivery-dynamics365',
  loadConfig: () => loadDeliveryConfig('dynamics365', 3008),
  usesDatabase: true,
  module: (config, logger) => DeliveryModule.forErp(new Dynamics365Connector(), config, logger),
});
