/** The part of an OpenAPI document the route checks read. */
export interface OpenApiPaths {
  paths?: Record<string, Record<string, unknown> | undefined>;
}

/** A route as the check compares it: method, path and the scope the route requires (undefined: public). */
export interface RouteAccess {
  method: string;
  path: string;
  scope: string | undefined;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every operation of a document, with its x-ferry-scope (the scope its caller needs; absent on public routes). */
export function documentedRoutes(document: OpenApiPaths): RouteAccess[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {})
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        scope: (operation as { 'x-ferry-scope'?: string })['x-ferry-scope'],
      })),
  );
}

const routeName = (route: RouteAccess): string => `${route.method} ${route.path}`;

/**
 * What differs between the routes a service serves and those its document describes, one sentence each, sorted:
 * an empty list means the document is true to the code.
 */
export function openApiDrift(document: OpenApiPaths, served: readonly RouteAccess[]): string[] {
  const documented = new Map(documentedRoutes(document).map((route) => [routeName(route), route]));
  const problems: string[] = [];
  for (const route of served) {
    const described = documented.get(routeName(route));
    if (!described) problems.push(`${routeName(route)} is served but not documented`);
    else if (described.scope !== route.scope)
      problems.push(`${routeName(route)} requires scope ${route.scope ?? '(none)'} but the document says ${described.scope ?? '(none)'}`);
  }
  const servedNames = new Set(served.map(routeName));
  for (const name of documented.keys()) if (!servedNames.has(name)) problems.push(`${name} is documented but not served`);
  return problems.sort();
}
