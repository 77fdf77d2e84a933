import { servedRoutes } from '@ferry/access';
import { createLogger } from '@ferry/logging';
import { loadOpenApiDocument, openApiDrift } from '@ferry/platform';
import { ReconciliationModule } from './app.module';
import { loadReconciliationConfig } from './reconciliation.config';

const SPEC_KEYRING = { FERRY_SECRETS_KEYRING: `spec:${Buffer.alloc(32).toString('base64')}` };

describe('reconciliation OpenAPI document (services/reconciliation/openapi.json)', () => {
  it('describes exactly the routes the module serves, each with the scope its handler requires', () => {
    const module = ReconciliationModule.create(loadReconciliationConfig(SPEC_KEYRING), createLogger('spec', 'silent'));
    expect(openApiDrift(loadOpenApiDocument('services/reconciliation/openapi.json'), servedRoutes(module))).toEqual([]);
  });
});
