import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT, listedApis, readApi, surfaceReport, todayUtc } from './api-surfaces';

/**
 * npm run api:surface — records each /v1 API's surface (operations, required inputs, response fields, deprecations)
 * beside its OpenAPI document, after checking the document breaks no client of the recorded one. A breaking change
 * is refused: it belongs in a new version (docs/governance.md, "API versioning and deprecation").
 */
let refused = 0;
for (const api of listedApis(readFileSync(join(REPOSITORY_ROOT, 'redocly.yaml'), 'utf8'))) {
  const { document, recorded } = readApi(api);
  const report = surfaceReport(recorded, document, todayUtc());
  if (report.breaking.length > 0) {
    refused += 1;
    process.stderr.write(
      `api:surface: ${api.name}: not recorded, the change breaks /v1 clients:\n${report.breaking.map((p) => `  - ${p}\n`).join('')}`,
    );
    continue;
  }
  if (!report.unrecorded) {
    process.stdout.write(`api:surface: ${api.name}: unchanged\n`);
    continue;
  }
  writeFileSync(join(REPOSITORY_ROOT, api.surfaceFile), `${JSON.stringify(report.current, null, 2)}\n`);
  process.stdout.write(`api:surface: ${api.name}: recorded ${Object.keys(report.current).length} operations in ${api.surfaceFile}\n`);
}
if (refused > 0) process.exit(1);
