import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessDeniedException, AccessService, operatorMay, type Principal } from '@ferry/access';
import { PLATFORM_CONFIG } from '@ferry/platform';
import type { ObservabilityConfig } from '../observability.config';
import { ConsoleAssets } from './console-assets';
import { ConsoleProxyService } from './console-proxy.service';

/** The browser may load code and styles only from this origin and talk only to it: no CDN, no third party. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PROXY_PREFIX = '/console/api/';

/**
 * The ops console: its files (public: the data is behind the API keys, not the page) and the two things only
 * this service can answer for it — who the caller's key is, and other services' tenant APIs passed through.
 */
@Controller('console')
export class ConsoleController {
  private readonly assets: ConsoleAssets;
  private readonly services: string[];

  constructor(
    private readonly access: AccessService,
    private readonly proxy: ConsoleProxyService,
    @Inject(PLATFORM_CONFIG) config: ObservabilityConfig,
  ) {
    this.assets = new ConsoleAssets(config.console.assetsDir);
    this.services = [...config.console.upstreams.keys()];
  }

  @Get()
  index(@Res() response: Response): void {
    this.send(response, 'index.html');
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    this.send(response, name);
  }

  /** Who the key is (the console shows an operator the fleet, a tenant's admin only their tenant) and which services it reaches. */
  @Get('api/whoami')
  async whoami(
    @Req() request: Request,
  ): Promise<{ kind: Principal['kind']; tenantId: string | null; scopes: string[]; services: string[] }> {
    const principal = await this.access.authenticate(request.header('authorization'));
    if (!principal) throw new AccessDeniedException('UNAUTHENTICATED', 'send Authorization: Bearer <tenant API key or operator token>');
    return principal.kind === 'operator'
      ? {
          kind: 'operator',
          tenantId: null,
          scopes: operatorMay(principal.role, 'admin') ? ['read', 'admin'] : ['read'],
          services: this.services,
        }
      : { kind: 'tenant', tenantId: principal.tenantId, scopes: principal.scopes, services: this.services };
  }

  // GET and POST only: the console reads, replays and resumes; no other method reaches another service through it.
  @Get('api/:service/*path')
  forwardRead(@Param('service') service: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(service, request, response);
  }

  @Post('api/:service/*path')
  forwardAction(@Param('service') service: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(service, request, response);
  }

  private async forward(service: string, request: Request, response: Response): Promise<void> {
    const pathAndQuery = request.originalUrl.slice(PROXY_PREFIX.length + service.length + 1);
    const answer = await this.proxy.forward({
      method: request.method,
      service,
      pathAndQuery,
      ...(request.header('authorization') ? { authorization: request.header('authorization') } : {}),
      body: request.body as unknown,
    });
    response.status(answer.status).type(answer.contentType).send(answer.body);
  }

  private send(response: Response, name: string): void {
    const asset = this.assets.get(name);
    response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    response.setHeader('x-content-type-options', 'nosniff');
    if (!asset) {
      const message = this.assets.built
        ? `no console file ${name}`
        : `the console is not built (no index.html in ${this.assets.dir}): run node scripts/build.mjs`;
      response.status(404).json({ error: { status: 404, code: 'CONSOLE_FILE_NOT_FOUND', message } });
      return;
    }
    response.setHeader('cache-control', 'no-cache');
    response.status(200).type(asset.contentType).send(asset.body);
  }
}
