import { servedRoutes } from '@ferry/access';
import { createLogger } from '@ferry/logging';
import { loadOpenApiDocument, openApiDrift } from '@ferry/platform';
import { ObservabilityModule } from './app.module';
import { loadObservabilityConfig } from './observability.config';

describe('observability OpenAPI document (services/observability/openapi.json)', () => {
  it('describes exactly the routes the module serves, each with the scope its handler requires', () => {
    const module = ObservabilityModule.create(loadObservabilityConfig({}), createLogger('spec', 'silent'));
    expect(openApiDrift(loadOpenApiDocument('services/observability/openapi.json'), servedRoutes(module))).toEqual([]);
  });
});
