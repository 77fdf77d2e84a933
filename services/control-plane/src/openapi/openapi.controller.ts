import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { findSchemasDir } from '@ferry/contracts';

/** The checked-in OpenAPI document (services/control-plane/openapi.json); a unit test keeps it in step with the routes. */
export function openApiDocument(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(findSchemasDir(__dirname), '..', 'services', 'control-plane', 'openapi.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

@Controller('v1/openapi.json')
export class OpenApiController {
  private readonly document = openApiDocument();

  @Get()
  get(): Record<string, unknown> {
    return this.document;
  }
}
