import { servedRoutes } from '@ferry/access';
import { createLogger } from '@ferry/logging';
import { loadOpenApiDocument, openApiDrift } from '@ferry/platform';
import { MasterDataModule } from './app.module';
import { loadMasterDataConfig } from './master-data.config';

describe('master-data OpenAPI document (services/master-data/openapi.json)', () => {
  it('describes exactly the routes the module serves, each with the scope its handler requires', () => {
    const module = MasterDataModule.create(loadMasterDataConfig({}), createLogger('spec', 'silent'));
    expect(openApiDrift(loadOpenApiDocument('services/master-data/openapi.json'), servedRoutes(module))).toEqual([]);
  });
});
