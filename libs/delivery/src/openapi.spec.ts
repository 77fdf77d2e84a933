import { servedRoutes } from '@ferry/access';
import type { ErpConnector } from '@ferry/erp-core';
import { createLogger } from '@ferry/logging';
import { loadOpenApiDocument, openApiDrift } from '@ferry/platform';
import { loadDeliveryConfig } from './delivery.config';
import { DeliveryModule } from './delivery.module';

const SPEC_KEYRING = { FERRY_SECRETS_KEYRING: `spec:${Buffer.alloc(32).toString('base64')}` };

describe('delivery lanes OpenAPI document (libs/delivery/openapi.json), served by every delivery service', () => {
  it('describes exactly the routes the module serves, each with the scope its handler requires', () => {
    // The connector is only handed to providers, which are not built here: no ERP is called.
    const module = DeliveryModule.forErp(
      {} as ErpConnector,
      loadDeliveryConfig('webhook', 3007, {}, SPEC_KEYRING),
      createLogger('spec', 'silent'),
    );
    expect(openApiDrift(loadOpenApiDocument('libs/delivery/openapi.json'), servedRoutes(module))).toEqual([]);
  });
});
