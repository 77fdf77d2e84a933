import { servedRoutes } from '@ferry/access';
import { createLogger } from '@ferry/logging';
import { loadOpenApiDocument, openApiDrift } from '@ferry/platform';
import { IngestionModule } from './app.module';
import { loadIngestionConfig } from './ingestion.config';

describe('ingestion OpenAPI document (services/ingestion/openapi.json)', () => {
  it('describes exactly the routes the module serves, each with the scope its handler requires', () => {
    const module = IngestionModule.create(loadIngestionConfig({}), createLogger('spec', 'silent'));
    expect(openApiDrift(loadOpenApiDocument('services/ingestion/openapi.json'), servedRoutes(module))).toEqual([]);
  });
});
