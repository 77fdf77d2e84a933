import type { LeaseFence, SingletonLease } from '@ferry/database';
import type { InboundSyncConfig } from '../inbound-sync.config';
import { InboundPollerService } from './inbound-poller.service';

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as never;

/** A lease that answers as the holder would (or not), with a fence that holds for `heldChecks` checks. */
function fakeLease(holder: boolean, heldChecks = Infinity) {
  let checks = 0;
  const fence: LeaseFence = { epoch: 3, stillHeld: async () => (checks += 1) <= heldChecks };
  return {
    start: jest.fn(async () => undefined),
    stop: jest.fn(async () => undefined),
    runExclusive: jest.fn(async (work: (fence: LeaseFence) => Promise<void>) => {
      if (!holder) return 'not-holder' as const;
      await work(fence);
      return 'run' as const;
    }),
  };
}

/** The poller with tenants that have no inbound template: reading `template` is the start of a tenant's poll. */
function poller(lease: ReturnType<typeof fakeLease>) {
  const polled: string[] = [];
  const tenant = (tenantId: string) => ({
    tenantId,
    active: true,
    get template() {
      polled.push(tenantId);
      return undefined;
    },
  });
  const configurations = { ready: async () => undefined, all: () => ['t-1', 't-2', 't-3'].map(tenant) };
  const unused = {} as never;
  const subject = new InboundPollerService(
    unused,
    unused,
    unused,
    configurations as never,
    unused,
    unused,
    unused,
    unused,
    {},
    lease as unknown as SingletonLease,
    { pollIntervalSeconds: 1 } as InboundSyncConfig,
    logger,
    { pollTenant: async () => undefined } as never,
    { pollTenant: async () => undefined } as never,
  );
  return { subject, polled };
}

describe('InboundPollerService under its lease', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([
    ['the lease holder polls every tenant', true, Infinity, ['t-1', 't-2', 't-3']],
    ['another replica polls nothing', false, Infinity, []],
    ['a holder that loses the lease mid-round stops before the next tenant', true, 2, ['t-1', 't-2']],
  ] as const)('%s', async (_case, holder, heldChecks, polledTenants) => {
    const lease = fakeLease(holder, heldChecks);
    const { subject, polled } = poller(lease);
    await subject.onApplicationBootstrap();
    expect(lease.start).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(polled).toEqual(polledTenants);
    await subject.beforeApplicationShutdown();
    expect(lease.stop).toHaveBeenCalledTimes(1);
  });
});
