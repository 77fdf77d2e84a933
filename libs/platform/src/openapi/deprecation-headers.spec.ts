import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DeprecationHeadersInterceptor, deprecatedRouteHeaders, deprecationHeaders } from './deprecation-headers';

describe('deprecationHeaders', () => {
  it.each([
    [
      'with a successor',
      { since: '2026-12-02', sunset: '2027-06-30', successor: '/health/ready' },
      { Deprecation: '@1796169600', Sunset: 'Wed, 30 Jun 2027 23:59:59 GMT', Link: '</health/ready>; rel="successor-version"' },
    ],
    ['without one', { since: '2027-01-01', sunset: '2027-07-01' }, { Deprecation: '@1798761600', Sunset: 'Thu, 01 Jul 2027 23:59:59 GMT' }],
  ])('%s', (_case, deprecation, headers) => {
    expect(deprecationHeaders(deprecation)).toEqual(headers);
  });
});

const document = {
  paths: {
    '/v1/tenants/{tenantId}/old-things': {
      get: {
        deprecated: true,
        'x-deprecated-since': '2026-12-02',
        'x-sunset': '2027-06-30',
        'x-successor': '/v1/tenants/{tenantId}/things',
      },
    },
    '/v1/tenants/{tenantId}/things': { get: {} },
  },
};

@Controller('v1/tenants/:tenantId')
class ThingsController {
  @Get('old-things')
  old(@Param('tenantId') tenantId: string) {
    if (tenantId === 'missing') throw new NotFoundException();
    return { tenantId };
  }

  @Get('things')
  current(@Param('tenantId') tenantId: string) {
    return { tenantId };
  }
}

@Module({
  controllers: [ThingsController],
  providers: [{ provide: APP_INTERCEPTOR, useValue: new DeprecationHeadersInterceptor(deprecatedRouteHeaders(document)) }],
})
class ThingsModule {}

describe('DeprecationHeadersInterceptor on a served route', () => {
  let app: NestExpressApplication;
  let base = '';

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(ThingsModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it.each([
    ['a deprecated route', '/v1/tenants/acme/old-things', 200, '@1796169600'],
    ['a deprecated route answering an error', '/v1/tenants/missing/old-things', 404, '@1796169600'],
    ['a current route', '/v1/tenants/acme/things', 200, null],
  ])('%s', async (_case, path, status, deprecation) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('deprecation')).toBe(deprecation);
    expect(response.headers.get('sunset')).toBe(deprecation ? 'Wed, 30 Jun 2027 23:59:59 GMT' : null);
  });
});
