import { servedRoutes } from '@ferry/access';
import { createLogger } from '@ferry/logging';
import { loadOpenApiDocument, openApiDrift } from '@ferry/platform';
import { InboundSyncModule } from './app.module';
import { loadInboundSyncConfig } from './inbound-sync.config';

const SPEC_KEYRING = { FERRY_SECRETS_KEYRING: `spec:${Buffer.alloc(32).toString('base64')}` };

describe('inbound-sync OpenAPI document (services/inbound-sync/openapi.json)', () => {
  it('describes exactly the routes the module serves, each with the scope its handler requires', () => {
    const module = InboundSyncModule.create(loadInboundSyncConfig(SPEC_KEYRING), createLogger('spec', 'silent'));
    expect(openApiDrift(loadOpenApiDocument('services/inbound-sync/openapi.json'), servedRoutes(module))).toEqual([]);
  });
});
