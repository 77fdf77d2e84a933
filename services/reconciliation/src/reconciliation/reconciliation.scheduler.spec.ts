import type { LeaseFence, SingletonLease } from '@ferry/database';
import type { TenantConfigurationView } from '@ferry/tenant-config';
import type { ReconciliationConfig } from '../reconciliation.config';
import { ReconciliationScheduler } from './reconciliation.scheduler';
import type { ReconciliationService } from './reconciliation.service';

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as never;
const tenants = ['t-1', 't-2', 't-3'].map((tenantId) => ({ tenantId, active: true }));

/** A lease that answers as the holder would (or not), with a fence that holds for `heldChecks` checks. */
function fakeLease(holder: boolean, heldChecks = Infinity) {
  let checks = 0;
  const fence: LeaseFence = { epoch: 7, stillHeld: async () => (checks += 1) <= heldChecks };
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

function scheduler(lease: ReturnType<typeof fakeLease>, intervalSeconds = 60) {
  const reconciliation = { enqueue: jest.fn(async (_tenantId: string, _trigger: string) => undefined) };
  const configurations = { all: () => tenants };
  const subject = new ReconciliationScheduler(
    reconciliation as unknown as ReconciliationService,
    configurations as unknown as TenantConfigurationView,
    lease as unknown as SingletonLease,
    { intervalSeconds } as ReconciliationConfig,
    logger,
  );
  return { subject, reconciliation };
}

describe('ReconciliationScheduler under its lease', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([
    ['the lease holder queues a run for every tenant', true, Infinity, ['t-1', 't-2', 't-3']],
    ['another replica queues nothing', false, Infinity, []],
    ['a holder that loses the lease mid-round stops before the next tenant', true, 1, ['t-1']],
  ] as const)('%s', async (_case, holder, heldChecks, reconciled) => {
    const lease = fakeLease(holder, heldChecks);
    const { subject, reconciliation } = scheduler(lease);
    await subject.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(reconciliation.enqueue.mock.calls.map(([tenantId]) => tenantId)).toEqual(reconciled);
    await subject.beforeApplicationShutdown();
  });

  it('takes no lease when the schedule is off, and hands the lease over on shutdown after the running round', async () => {
    const off = fakeLease(true);
    await scheduler(off, 0).subject.onApplicationBootstrap();
    expect(off.start).not.toHaveBeenCalled();

    const on = fakeLease(true);
    const { subject } = scheduler(on);
    await subject.onApplicationBootstrap();
    await subject.beforeApplicationShutdown();
    expect(on.stop).toHaveBeenCalledTimes(1);
  });
});
