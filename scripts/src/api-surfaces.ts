import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSchemasDir } from '@ferry/contracts';
import { apiSurface, breakingChanges, deprecationProblems, type ApiSurface } from '@ferry/platform';

/** Found from the schemas directory, so the same code runs from scripts/src (tests) and dist/scripts/src (npm run). */
export const REPOSITORY_ROOT = join(findSchemasDir(__dirname), '..');

/** One /v1 API: its name in redocly.yaml, its document and the surface recorded beside it. */
export interface RecordedApi {
  name: string;
  document: string;
  surfaceFile: string;
}

/** Every API redocly.yaml lists ("name@v1: root: path"), so a new service's document is checked as soon as it is linted. */
export function listedApis(redoclyYaml: string): RecordedApi[] {
  const apis: RecordedApi[] = [];
  let name: string | undefined;
  for (const line of redoclyYaml.split('\n')) {
    const api = /^ {2}([\w-]+)@v1:\s*$/.exec(line);
    if (api) name = api[1];
    const root = /^ {4}root:\s*(\S+)\s*$/.exec(line);
    if (root && name) {
      const document = root[1] ?? '';
      apis.push({ name, document, surfaceFile: document.replace(/openapi\.json$/, 'openapi.v1-surface.json') });
      name = undefined;
    }
  }
  return apis;
}

/** What is wrong with an API's document against its recorded surface: breaking changes and deprecation policy. */
export interface SurfaceReport {
  current: ApiSurface;
  breaking: string[];
  /** Operations or fields the document has that the recorded surface lacks (record them with npm run api:surface). */
  unrecorded: boolean;
}

export function surfaceReport(recorded: ApiSurface | undefined, document: Record<string, unknown>, today: string): SurfaceReport {
  const current = apiSurface(document);
  const breaking = [...deprecationProblems(current), ...(recorded ? breakingChanges(recorded, current, today) : [])];
  return { current, breaking, unrecorded: JSON.stringify(recorded) !== JSON.stringify(current) };
}

export function readApi(api: RecordedApi, root = REPOSITORY_ROOT): { document: Record<string, unknown>; recorded: ApiSurface | undefined } {
  const surfacePath = join(root, api.surfaceFile);
  return {
    document: JSON.parse(readFileSync(join(root, api.document), 'utf8')) as Record<string, unknown>,
    recorded: existsSync(surfacePath) ? (JSON.parse(readFileSync(surfacePath, 'utf8')) as ApiSurface) : undefined,
  };
}

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
