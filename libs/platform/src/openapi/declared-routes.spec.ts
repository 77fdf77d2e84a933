import { Controller, Delete, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import { declaredRoutes, openApiPath } from './declared-routes';

@Controller('v1/tenants/:tenantId/things')
class ThingsController {
  @Get()
  list(): void {}

  @Post(':thingId/resume')
  resume(): void {}

  helper(): void {}
}

@Controller('health')
class HealthLikeController {
  @Get(['', 'ready'])
  ready(): void {}
}

@Controller()
class RootController {
  @Delete('v1/everything')
  wipe(): void {}
}

@Module({ controllers: [RootController] })
class StaticModule {}

@Module({})
class PlatformLikeModule {}

@Module({})
class AppModule {}

const platformLike: DynamicModule = { module: PlatformLikeModule, controllers: [HealthLikeController] };
const app: DynamicModule = { module: AppModule, imports: [platformLike, StaticModule, platformLike], controllers: [ThingsController] };

describe('declaredRoutes', () => {
  it('reads every handler of every controller in the module tree, once, and skips methods that serve nothing', () => {
    expect(declaredRoutes(app).map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /v1/tenants/{tenantId}/things',
      'POST /v1/tenants/{tenantId}/things/{thingId}/resume',
      'GET /health',
      'GET /health/ready',
      'DELETE /v1/everything',
    ]);
  });

  it.each([
    [['v1/tenants/:tenantId', 'sync-summary'], '/v1/tenants/{tenantId}/sync-summary'],
    [['health', ''], '/health'],
    [['/', '/'], '/'],
    [['v1/openapi.json', '/'], '/v1/openapi.json'],
    [['console', 'api/:service/*path'], '/console/api/{service}/{path}'],
  ])('writes the Nest path parts %j as %s', (parts, path) => {
    expect(openApiPath(...parts)).toBe(path);
  });
});
