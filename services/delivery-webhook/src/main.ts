import { DeliveryModule, loadDeliveryConfig } from '@ferry/delivery';
import { WebhookConnector } from '@ferry/erp-webhook';
import { runService } from '@ferry/platform';

/** Signed-webhook delivery: the shared delivery module with the webhook connector. */
void runService({
  name: 'delivery-webhook',
  loadConfig: () => loadDeliveryConfig('webhook', 3007),
  usesDatabase: true,
  module: (config, logger) => DeliveryModule.forErp(new WebhookConnector(), config, logger),
});
