import { servedRoutes } from '@ferry/access';
import { createLogger } from '@ferry/logging';
import { loadOpenApiDocument, openApiDrift } from '@ferry/platform';
import { ControlPlaneModule } from './app.module';
import { loadControlPlaneConfig } from './control-plane.config';

const SPEC_KEYRING = { FERRY_SECRETS_KEYRING: `spec:${Buffer.alloc(32).toString('base64')}` };

describe('control-plane OpenAPI document (services/control-plane/openapi.json)', () => {
  it('describes exactly the routes the module serves, each with the scope its handler requires', () => {
    const module = ControlPlaneModule.create(loadControlPlaneConfig(SPEC_KEYRING), createLogger('spec', 'silent'));
    expect(openApiDrift(loadOpenApiDocument('services/control-plane/openapi.json'), servedRoutes(module))).toEqual([]);
  });
});
