import { apiSurface, breakingChanges, deprecationProblems, type ApiSurface } from './api-surface';

const document = {
  paths: {
    '/v1/tenants/{tenantId}/things': {
      parameters: [{ $ref: '#/components/parameters/TenantId' }],
      get: {
        parameters: [{ name: 'limit', in: 'query', required: false }],
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingPage' } } } },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, note: { type: 'string' } } },
            },
          },
        },
        responses: { '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
    },
    '/health': {
      get: {
        deprecated: true,
        'x-deprecated-since': '2026-12-02',
        'x-sunset': '2027-06-30',
        'x-successor': '/health/ready',
        responses: { '200': { content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } } } },
      },
    },
  },
  components: {
    parameters: { TenantId: { name: 'tenantId', in: 'path', required: true } },
    responses: { NotFound: { description: 'not found' } },
    schemas: {
      Thing: {
        allOf: [
          { type: 'object', properties: { id: { type: 'string' } } },
          {
            type: 'object',
            properties: { tags: { type: 'array', items: { type: 'string' } }, parent: { $ref: '#/components/schemas/Thing' } },
          },
        ],
      },
      ThingPage: {
        type: 'object',
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } }, next: { type: 'string' } },
      },
    },
  },
};

describe('apiSurface', () => {
  const surface = apiSurface(document);

  it('lists every operation with its required inputs, success fields (through $ref, allOf and arrays) and deprecation', () => {
    expect(Object.keys(surface)).toEqual(['GET /health', 'GET /v1/tenants/{tenantId}/things', 'POST /v1/tenants/{tenantId}/things']);
    expect(surface['GET /v1/tenants/{tenantId}/things']?.requiredInputs).toEqual(['path tenantId']);
    expect(surface['POST /v1/tenants/{tenantId}/things']?.requiredInputs).toEqual(['body', 'body name', 'path tenantId']);
    expect(surface['GET /v1/tenants/{tenantId}/things']?.responseFields['200']).toEqual(
      expect.arrayContaining(['items', 'items[].id', 'items[].tags', 'items[].parent', 'next']),
    );
    expect(Object.keys(surface['GET /v1/tenants/{tenantId}/things']?.responseFields ?? {})).toEqual(['200']);
    expect(surface['GET /health']?.deprecation).toEqual({ since: '2026-12-02', sunset: '2027-06-30', successor: '/health/ready' });
  });

  it('names a field that refers back to its own schema, without following the cycle', () => {
    expect(surface['POST /v1/tenants/{tenantId}/things']?.responseFields['201']).toEqual(['id', 'parent', 'tags']);
  });
});

const op = (fields: string[], requiredInputs: string[] = [], deprecation?: { since: string; sunset: string }) => ({
  requiredInputs,
  responseFields: { '200': fields },
  ...(deprecation ? { deprecation } : {}),
});
const deprecated = { since: '2026-12-02', sunset: '2027-06-30' };

describe('breakingChanges', () => {
  it.each<[string, ApiSurface, ApiSurface, string, string[]]>([
    ['nothing changed', { 'GET /a': op(['x']) }, { 'GET /a': op(['x']) }, '2026-12-02', []],
    ['an operation and a response field added', { 'GET /a': op(['x']) }, { 'GET /a': op(['x', 'y']), 'GET /b': op([]) }, '2026-12-02', []],
    [
      'an optional input became required',
      { 'POST /a': op([]) },
      { 'POST /a': op([], ['body note']) },
      '2026-12-02',
      ['POST /a now requires body note, which clients of /v1 do not send'],
    ],
    ['a required input became optional', { 'POST /a': op([], ['body note']) }, { 'POST /a': op([]) }, '2026-12-02', []],
    ['a response field removed', { 'GET /a': op(['x', 'y']) }, { 'GET /a': op(['x']) }, '2026-12-02', ['GET /a 200 lost response field y']],
    [
      'a success status no longer answered',
      { 'GET /a': op(['x']) },
      { 'GET /a': { requiredInputs: [], responseFields: { '202': [] } } },
      '2026-12-02',
      ['GET /a no longer answers 200'],
    ],
    [
      'an operation removed without deprecation',
      { 'GET /a': op([]) },
      {},
      '2026-12-02',
      ['GET /a was removed without being deprecated first'],
    ],
    [
      'a deprecated operation removed before its sunset',
      { 'GET /a': op([], [], deprecated) },
      {},
      '2027-06-29',
      ['GET /a was removed before its sunset (2027-06-30)'],
    ],
    ['a deprecated operation removed on its sunset day', { 'GET /a': op([], [], deprecated) }, {}, '2027-06-30', []],
    [
      'a sunset brought forward',
      { 'GET /a': op([], [], deprecated) },
      { 'GET /a': op([], [], { ...deprecated, sunset: '2027-06-01' }) },
      '2026-12-02',
      ['GET /a sunset moved forward from 2027-06-30 to 2027-06-01'],
    ],
    [
      'a sunset pushed back',
      { 'GET /a': op([], [], deprecated) },
      { 'GET /a': op([], [], { ...deprecated, sunset: '2027-12-31' }) },
      '2026-12-02',
      [],
    ],
  ])('%s', (_case, recorded, current, today, problems) => {
    expect(breakingChanges(recorded, current, today)).toEqual(problems);
  });
});

describe('deprecationProblems', () => {
  it.each<[string, { since: string; sunset: string }, string[]]>([
    ['dated, 210 days of notice', deprecated, []],
    ['exactly 180 days of notice', { since: '2026-12-02', sunset: '2027-05-31' }, []],
    [
      'too short a notice',
      { since: '2026-12-02', sunset: '2027-03-01' },
      ['GET /a sunsets 89 days after its deprecation; the policy gives clients at least 180'],
    ],
    ['no sunset', { since: '2026-12-02', sunset: '' }, ['GET /a is deprecated without x-sunset (YYYY-MM-DD)']],
    ['no date of deprecation', { since: 'soon', sunset: '2027-06-30' }, ['GET /a is deprecated without x-deprecated-since (YYYY-MM-DD)']],
  ])('%s', (_case, deprecation, problems) => {
    expect(deprecationProblems({ 'GET /a': op([], [], deprecation) })).toEqual(problems);
  });
});
