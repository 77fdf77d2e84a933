import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from '@ferry/access';
import { IngestionException } from '../ingestion.exception';
import { TenantThrottleGuard } from './tenant-throttle.guard';
import type { TenantThrottleService } from './tenant-throttle.service';
import type { RateLimitReport } from './token-bucket';

const principal: Principal = { kind: 'tenant', id: 'key-1', tenantId: 'acme', scopes: ['ingest'] };

function call(report: RateLimitReport | undefined) {
  const headers: Record<string, string> = {};
  const check = jest.fn().mockResolvedValue(report);
  const guard = new TenantThrottleGuard({ check } as unknown as TenantThrottleService);
  const http = {
    getRequest: () => ({ params: { tenantId: 'acme' }, principal }),
    getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }),
  };
  const context = { switchToHttp: () => http } as unknown as ExecutionContext;
  return { result: guard.canActivate(context), headers, check };
}

describe('the throttle on the ingestion API', () => {
  it('lets a request within budget through, telling what is left', async () => {
    const { result, headers, check } = call({ granted: true, limit: 200, remaining: 150, resetSeconds: 1, retryAfterSeconds: 0 });
    await expect(result).resolves.toBe(true);
    expect(check).toHaveBeenCalledWith('acme', principal);
    expect(headers).toEqual({ 'RateLimit-Limit': '200', 'RateLimit-Remaining': '150', 'RateLimit-Reset': '1' });
  });

  it('answers a request over budget 429 RATE_LIMITED with Retry-After', async () => {
    const { result, headers } = call({ granted: false, limit: 200, remaining: 0, resetSeconds: 2, retryAfterSeconds: 1 });
    await expect(result).rejects.toBeInstanceOf(IngestionException);
    await expect(result).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(headers).toMatchObject({ 'Retry-After': '1', 'RateLimit-Remaining': '0' });
  });

  it('lets the request through without headers when the buckets could not be read', async () => {
    const { result, headers } = call(undefined);
    await expect(result).resolves.toBe(true);
    expect(headers).toEqual({});
  });
});
