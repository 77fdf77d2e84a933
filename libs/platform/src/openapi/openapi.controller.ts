import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Inject } from '@nestjs/common';
import { findSchemasDir } from '@ferry/contracts';

/** The service's OpenAPI document, as served. */
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

/**
 * A checked-in OpenAPI document, by its path from the repository root (e.g. "services/ingestion/openapi.json").
 * The repository root is found from the schemas directory, as in the built image.
 */
export function loadOpenApiDocument(pathFromRoot: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(findSchemasDir(__dirname), '..', pathFromRoot), 'utf8')) as Record<string, unknown>;
}

/** GET /v1/openapi.json on every service: its document, public (it holds no tenant data). */
@Controller('v1/openapi.json')
export class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: Record<string, unknown>) {}

  @Get()
  get(): Record<string, unknown> {
    return this.document;
  }
}
