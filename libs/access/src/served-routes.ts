import type { DynamicModule, Type } from '@nestjs/common';
import { declaredRoutes, type RouteAccess } from '@ferry/platform';
import { requiredScopeOf } from './access.guard';

/**
 * Every route a service's module tree serves, with the scope RequireScope demands of its caller (undefined: public),
 * for the test that holds a service's OpenAPI document to its code (openApiDrift).
 */
export function servedRoutes(definition: Type | DynamicModule): RouteAccess[] {
  return declaredRoutes(definition).map(({ method, path, controller, handler }) => ({
    method,
    path,
    scope: requiredScopeOf(controller, handler),
  }));
}
