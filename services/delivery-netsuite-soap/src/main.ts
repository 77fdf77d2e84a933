import { DeliveryModule, loadDeliveryConfig } from '@ferry/delivery';
import { NetSuiteSoapConnector } from '@ferry/erp-netsuite';
import { runService } from '@ferry/platform';

/** SuiteTalk SOAP delivery, for NetSuite integrations that only speak SOAP. */
void runService({
  name: 'delivery-netsuite-soap',
  loadConfig: () => loadDeliveryConfig('netsuite_soap', 3012),
  usesDatabase: true,
  module: (config, logger) => DeliveryModule.forErp(new NetSuiteSoapConnector(), config, logger),
});
