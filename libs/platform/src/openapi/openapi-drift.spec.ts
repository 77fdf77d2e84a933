import { openApiDrift, type OpenApiPaths, type RouteAccess } from './openapi-drift';

const document: OpenApiPaths = {
  paths: {
    '/v1/tenants/{tenantId}/events': {
      parameters: [{ name: 'tenantId', in: 'path' }],
      post: { operationId: 'ingestEvents', 'x-ferry-scope': 'ingest' },
    },
    '/health': { get: { operationId: 'readiness' } },
  },
};
const events: RouteAccess = { method: 'POST', path: '/v1/tenants/{tenantId}/events', scope: 'ingest' };
const health: RouteAccess = { method: 'GET', path: '/health', scope: undefined };

describe('openApiDrift', () => {
  it.each<[string, RouteAccess[], string[]]>([
    ['the document describes exactly the served routes', [events, health], []],
    [
      'a served route is missing from the document',
      [events, health, { method: 'DELETE', path: '/health', scope: undefined }],
      ['DELETE /health is served but not documented'],
    ],
    ['a documented route is no longer served', [events], ['GET /health is documented but not served']],
    [
      'the document names another scope than the route requires',
      [{ ...events, scope: 'admin' }, health],
      ['POST /v1/tenants/{tenantId}/events requires scope admin but the document says ingest'],
    ],
    [
      'a public route is documented as needing a scope',
      [events, { ...health, scope: 'read' }],
      ['GET /health requires scope read but the document says (none)'],
    ],
  ])('%s', (_case, served, problems) => {
    expect(openApiDrift(document, served)).toEqual(problems);
  });
});
