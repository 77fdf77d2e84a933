import 'reflect-metadata';
import { connect, type AddressInfo } from 'node:net';
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@ferry/logging';
import { configureHttpApp } from './http-app';
import { platformErrorBody, type PlatformErrorCode } from './http-error.filter';

@Controller('v1/tenants/:tenantId/things')
class ThingsController {
  @Get()
  list(@Param('tenantId') tenantId: string, @Query('name') name?: string) {
    return { tenantId, name: name ?? null };
  }

  @Post()
  create(@Body() body: unknown) {
    return { received: body };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

/** One raw HTTP/1.1 request, exactly as written (fetch would refuse or re-encode a malformed URL). */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('Ferry HTTP APIs and malformed URLs', () => {
  let app: NestExpressApplication;
  let port = 0;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(ThingsModule, { logger: false, bodyParser: false });
    configureHttpApp(app, createLogger('http-app-spec', 'silent'));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it('answers a well-formed request', async () => {
    const response = await rawGet(port, '/v1/tenants/acme/things?name=a%20b');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ tenantId: 'acme', name: 'a b' });
  });

  it.each([
    ['a truncated escape in a path parameter', '/v1/tenants/%E0%A4%A/things'],
    ['a lone % in a path parameter', '/v1/tenants/ac%me/things'],
    ['a lone % at the end of the path', '/v1/tenants/acme/things/%'],
    ['an invalid escape in the query', '/v1/tenants/acme/things?name=%zz'],
    ['an escape that is not UTF-8 in the query', '/v1/tenants/acme/things?name=%C0'],
  ])('answers %s with 400 MALFORMED_URL, not a 500', async (_case, target) => {
    const response = await rawGet(port, target);
    expect({ status: response.status, code: (JSON.parse(response.body) as { error: { code: string } }).error.code }).toEqual({
      status: 400,
      code: 'MALFORMED_URL',
    });
  });
});

describe('Ferry HTTP APIs and request bodies the JSON parser refuses', () => {
  let app: NestExpressApplication;
  let base = '';

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(ThingsModule, { logger: false, bodyParser: false });
    configureHttpApp(app, createLogger('http-app-spec', 'silent'));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/v1/tenants/acme/things`;
  });
  afterAll(() => app.close());

  const post = async (body: string) => {
    const response = await fetch(base, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    return { status: response.status, code: ((await response.json()) as { error?: { code: string } }).error?.code };
  };

  it.each([
    ['a body that is not JSON', '{"name": ', 400, 'MALFORMED_JSON'],
    ['a body over the 2 MB limit', JSON.stringify({ padding: 'x'.repeat(2.5 * 1024 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('answers %s in the one error shape', async (_case, body, status, code) => {
    expect(await post(body)).toEqual({ status, code });
  });

  it('passes a well-formed body to the route', async () => {
    const response = await fetch(base, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 201, body: { received: { a: 1 } } });
  });
});

describe('platform error codes', () => {
  it.each<[PlatformErrorCode, number]>([
    ['MALFORMED_URL', 400],
    ['MALFORMED_JSON', 400],
    ['INVALID_REQUEST', 400],
    ['PAYLOAD_TOO_LARGE', 413],
    ['INTERNAL_ERROR', 500],
  ])('%s is answered %i', (code, status) => {
    expect(platformErrorBody(code, 'why').error).toEqual({ status, code, message: 'why' });
  });
});
