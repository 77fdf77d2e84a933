import { PATH_METADATA } from '@nestjs/common/constants';
import { loadConfig, platformEnvSchema, toPlatformConfig } from '@ferry/config';
import { createLogger } from '@ferry/logging';
import { FerryPlatformModule } from './platform.module';

describe('the routes every service serves on its public port', () => {
  const module = FerryPlatformModule.forService({
    config: toPlatformConfig('spec', loadConfig('spec', platformEnvSchema('spec', 3999), {})),
    logger: createLogger('spec', 'silent'),
    producedSubjects: [],
    openApiDocument: 'services/ingestion/openapi.json',
  });
  const paths = (module.controllers ?? []).map((controller) => String(Reflect.getMetadata(PATH_METADATA, controller)));

  it('include health and the OpenAPI document, and not metrics (those are on METRICS_PORT)', () => {
    expect(paths).toEqual(expect.arrayContaining(['health', 'v1/openapi.json']));
    expect(paths.filter((path) => /metrics/.test(path)).length + countMetricsRoutes(module.controllers ?? [])).toBe(0);
  });
});

/** Routes named metrics declared on any handler of these controllers. */
function countMetricsRoutes(controllers: unknown[]): number {
  return controllers
    .flatMap((controller) => {
      const prototype = (controller as { prototype: Record<string, unknown> }).prototype;
      return Object.getOwnPropertyNames(prototype).map((name) => prototype[name]);
    })
    .filter(
      (handler) => typeof handler === 'function' && /metrics/.test(String(Reflect.getMetadata(PATH_METADATA, handler as object) ?? '')),
    ).length;
}
