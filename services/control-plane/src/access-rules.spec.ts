import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { requiredScopeOf } from '@ferry/access';
import { CONTROL_PLANE_CONTROLLERS } from './app.module';

/** Every route with the scope it needs, as "METHOD /path → scope". */
function routes(): { route: string; method: string; scope: string }[] {
  return CONTROL_PLANE_CONTROLLERS.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as unknown as Record<string, unknown>)[name];
      const method =
        typeof handler === 'function' ? (Reflect.getMetadata(METHOD_METADATA, handler as object) as RequestMethod | undefined) : undefined;
      if (method === undefined) return [];
      const path = [base, String(Reflect.getMetadata(PATH_METADATA, handler as object) ?? '')]
        .filter((part) => part && part !== '/')
        .join('/');
      return [
        {
          route: `${RequestMethod[method]} /${path}`,
          method: RequestMethod[method],
          scope: requiredScopeOf(controller, handler) ?? 'public',
        },
      ];
    });
  });
}

describe('control-plane access rules', () => {
  it.each(routes().filter((route) => route.method !== 'GET' && route.route.includes(':tenantId')))(
    '$route needs a write scope (admin or operator; declares $scope)',
    ({ scope }) => {
      expect(['admin', 'operator']).toContain(scope);
    },
  );

  it('runs a dry run (/preview) only for keys that may change the configuration', () => {
    expect(routes().find((route) => route.route === 'POST /v1/tenants/:tenantId/preview')?.scope).toBe('admin');
  });
});
