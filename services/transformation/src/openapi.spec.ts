import { servedRoutes } from '@ferry/access';
import { createLogger } from '@ferry/logging';
import { loadOpenApiDocument, openApiDrift } from '@ferry/platform';
import { TransformationModule } from './app.module';
import { loadTransformationConfig } from './transformation.config';

describe('transformation OpenAPI document (services/transformation/openapi.json)', () => {
  it('describes exactly the routes the module serves, each with the scope its handler requires', () => {
    const module = TransformationModule.create(loadTransformationConfig({}), createLogger('spec', 'silent'));
    expect(openApiDrift(loadOpenApiDocument('services/transformation/openapi.json'), servedRoutes(module))).toEqual([]);
  });
});
