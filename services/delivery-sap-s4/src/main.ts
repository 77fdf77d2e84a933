import { DeliveryModule, loadDeliveryConfig } from '@ferry/delivery';
import { SapS4Connector } from '@ferry/erp-sap-s4';
import { runService } from '@ferry/platform';

/** SAP S/4HANA Cloud delivery: the shared delivery module with the OData V2 connector (CSRF, look-up then create). */
void runService({
  name: 'delivery-sap-s4',
  loadConfig: () => loadDeliveryConfig('sap_s4', 3010),
  usesDatabase: true,
  module: (config, logger) => DeliveryModule.forErp(new SapS4Connector(), config, logger),
});
