import type { DynamicModule, Type } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/** One route a Nest controller serves, in OpenAPI's spelling: "GET" and "/v1/tenants/{tenantId}/events". */
export interface DeclaredRoute {
  method: string;
  path: string;
  controller: Type;
  handler: (...args: unknown[]) => unknown;
}

type ModuleDefinition = Type | DynamicModule;

function isDynamicModule(definition: unknown): definition is DynamicModule {
  return typeof definition === 'object' && definition !== null && 'module' in definition;
}

function metadataList(key: string, target: object): unknown[] {
  return (Reflect.getMetadata(key, target) as unknown[] | undefined) ?? [];
}

/**
 * Every controller of a module tree, as Nest would register it: a dynamic module's own controllers and imports plus
 * those its class declares with @Module. Promised or forward-referenced imports are skipped: Ferry's only ones are
 * TypeORM's, which serve no routes.
 */
export function controllersOf(definition: ModuleDefinition, seen = new Set<unknown>()): Type[] {
  const moduleClass = isDynamicModule(definition) ? definition.module : definition;
  const key = isDynamicModule(definition) ? definition : moduleClass;
  if (seen.has(key)) return [];
  seen.add(key);
  const controllers = [
    ...metadataList(MODULE_METADATA.CONTROLLERS, moduleClass),
    ...(isDynamicModule(definition) ? (definition.controllers ?? []) : []),
  ] as Type[];
  const imports = [
    ...metadataList(MODULE_METADATA.IMPORTS, moduleClass),
    ...(isDynamicModule(definition) ? (definition.imports ?? []) : []),
  ];
  for (const imported of imports) {
    if (typeof imported === 'function' || isDynamicModule(imported)) controllers.push(...controllersOf(imported as ModuleDefinition, seen));
  }
  return [...new Set(controllers)];
}

function pathsOf(target: object): string[] {
  const value = Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined;
  if (value === undefined) return [''];
  return Array.isArray(value) ? value : [value];
}

/** Joins Nest path parts and writes ":param" and the wildcard "*rest" as OpenAPI's "{param}" and "{rest}". */
export function openApiPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${joined.replace(/[:*](\w+)/g, '{$1}')}`;
}

/** The routes a module tree serves, read from Nest's decorator metadata (nothing is started, nothing connects). */
export function declaredRoutes(definition: ModuleDefinition): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const controller of controllersOf(definition)) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      for (const base of pathsOf(controller))
        for (const own of pathsOf(handler))
          routes.push({
            method: RequestMethod[method],
            path: openApiPath(base, own),
            controller,
            handler: handler as DeclaredRoute['handler'],
          });
    }
  }
  return routes;
}
