import type { ObservabilityConfig } from '../observability.config';
import { EXPORTER_LEASE_TTL_MS, ExporterLease } from './exporter-lease';
import type { ExporterLeaseRepository } from './exporter-lease.repository';

const logger = { info: jest.fn(), warn: jest.fn() } as never;
const config = { instanceId: 'observability-0' } as ObservabilityConfig;

function leaseAnswering(...answers: (boolean | Error)[]) {
  const repository = {
    acquireOrRenew: jest.fn(async () => {
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? false;
    }),
    release: jest.fn(async () => undefined),
  };
  return { lease: new ExporterLease(repository as unknown as ExporterLeaseRepository, config, logger), repository };
}

describe('ExporterLease', () => {
  const start = Date.parse('2026-03-01T12:00:00Z');
  beforeEach(() => jest.useFakeTimers({ now: start }));
  afterEach(() => jest.useRealTimers());

  it.each([
    ['taken', [true], true],
    ['held by another replica', [false], false],
    ['lost at renewal', [true, false], false],
  ] as const)('exports only while the lease is held: %s', async (_case, answers, held) => {
    const { lease } = leaseAnswering(...answers);
    for (let i = 0; i < answers.length; i += 1) await lease.renew();
    expect(lease.isHeld()).toBe(held);
  });

  it('stops exporting when a renewal fails and the lease would have run out, before another replica may take it', async () => {
    const { lease } = leaseAnswering(true, new Error('database away'));
    await lease.renew();
    jest.setSystemTime(start + EXPORTER_LEASE_TTL_MS / 3);
    await lease.renew();
    expect(lease.isHeld()).toBe(true);
    expect(lease.isHeld(start + EXPORTER_LEASE_TTL_MS - 1)).toBe(true);
    expect(lease.isHeld(start + EXPORTER_LEASE_TTL_MS)).toBe(false);
  });

  it('hands the lease over on shutdown, and only when it holds it', async () => {
    const holding = leaseAnswering(true);
    await holding.lease.renew();
    await holding.lease.onApplicationShutdown();
    expect(holding.repository.release).toHaveBeenCalledWith('service-level-metrics', expect.stringMatching(/^observability-0\//));
    expect(holding.lease.isHeld()).toBe(false);
    const other = leaseAnswering(false);
    await other.lease.renew();
    await other.lease.onApplicationShutdown();
    expect(other.repository.release).not.toHaveBeenCalled();
  });
});
