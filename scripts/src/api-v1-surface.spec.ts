import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT, listedApis, readApi, surfaceReport, todayUtc } from './api-surfaces';

/**
 * Within /v1 an API only grows (docs/governance.md): no operation removed before its sunset, no response field
 * removed, no input newly required, every deprecation dated with at least 180 days' notice. Each document is
 * compared with the surface recorded beside it, which must also hold every addition, so a field added today
 * cannot be taken away tomorrow unnoticed.
 */
const apis = listedApis(readFileSync(join(REPOSITORY_ROOT, 'redocly.yaml'), 'utf8'));

describe('the /v1 API surfaces', () => {
  it('lists every API redocly lints', () => {
    expect(apis.map((api) => api.name)).toEqual(expect.arrayContaining(['control-plane', 'ingestion', 'observability', 'delivery-lanes']));
  });

  it.each(apis.map((api) => [api.name, api] as const))('%s breaks no /v1 client and its surface is recorded', (_name, api) => {
    const { document, recorded } = readApi(api);
    expect(recorded).toBeDefined();
    const report = surfaceReport(recorded, document, todayUtc());
    expect(report.breaking).toEqual([]);
    if (report.unrecorded)
      throw new Error(`${api.document} has additions not in ${api.surfaceFile}: run npm run api:surface and commit it`);
  });
});

describe('listedApis', () => {
  it('reads names and roots from redocly.yaml', () => {
    const yaml =
      'apis:\n  ingestion@v1:\n    root: services/ingestion/openapi.json\n    x-openapi-ts:\n      output: x.ts\n  delivery-lanes@v1:\n    root: libs/delivery/openapi.json\n';
    expect(listedApis(yaml)).toEqual([
      { name: 'ingestion', document: 'services/ingestion/openapi.json', surfaceFile: 'services/ingestion/openapi.v1-surface.json' },
      { name: 'delivery-lanes', document: 'libs/delivery/openapi.json', surfaceFile: 'libs/delivery/openapi.v1-surface.json' },
    ]);
  });
});
