import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryCommand, TenantConfiguration } from '@ferry/contracts';
import { createLogger } from '@ferry/logging';
import type { DeliveryConfig } from '../delivery.config';
import type { AttemptOutcome } from './delivery-attempt.service';
import { DeliveryLane, type LaneServices } from './delivery-lane';
import { FairSlots } from './fair-slots';
import type { QueuedCommand } from './lane-selection';

/**
 * The lane class carrying nextStep's answers out: PostgreSQL, the ERP and the reporter are faked, the breaker,
 * slots and timers are real. The rules themselves are tabled in lane-step.spec.ts.
 */
const lane = { tenantId: 'tenant-1', connectionId: 'conn-1' };
const failure = { errorClass: 'retryable', errorCode: 'HTTP_503', message: 'ERP unavailable' };
const deliveryCommand = { commandId: 'cmd' } as unknown as DeliveryCommand;

function queued(id: bigint, externalId: string): QueuedCommand {
  return {
    id,
    commandId: `c${id}`,
    eventId: `e${id}`,
    entityType: 'customer',
    entityVersion: 1,
    recordType: 'customer',
    externalId,
    state: 'pending',
    attempts: 0,
    throttled: 0,
    needsLookup: false,
    nextAttemptAt: 0,
    firstFailedAt: null,
    acceptedAt: 0,
  };
}

function laneWith(rows: QueuedCommand[], outcomes: AttemptOutcome[]) {
  const repository = {
    unfinishedInLane: jest.fn(async () => rows.map((row) => ({ ...row }))),
    markInFlight: jest.fn(async () => true),
    finishDelivered: jest.fn(async () => [] as bigint[]),
    finishStale: jest.fn(async () => undefined),
    finishDeadLettered: jest.fn(async () => undefined),
    scheduleRetry: jest.fn(async (_command: QueuedCommand) => undefined),
    park: jest.fn(async () => undefined),
    release: jest.fn(async () => undefined),
    unpark: jest.fn(async () => true),
    byId: jest.fn(async () => ({ command: deliveryCommand })),
  };
  const attempts = { attempt: jest.fn(async () => outcomes.shift() ?? { kind: 'stale', detail: 'nothing scripted' }) };
  const reporter = {
    publishOutcomes: jest.fn(async () => undefined),
    publishLaneState: jest.fn(async () => undefined),
    publishProgress: jest.fn(async () => undefined),
  };
  const config = {
    erpKind: 'webhook',
    service: 'delivery-webhook',
    instanceId: 'replica-1',
    defaults: {
      maxAttempts: 5,
      retryBaseDelayMs: 500,
      retryMaxDelayMs: 300_000,
      missingReferenceWindowMs: 10_000,
      maxConcurrency: 4,
      breakerFailureThresholdPercent: 50,
      breakerVolumeThreshold: 10,
      breakerResetTimeoutMs: 30_000,
    },
  } as unknown as DeliveryConfig;
  const services = {
    repository,
    attempts,
    reporter,
    slots: new FairSlots(8),
    configuration: async () => undefined,
    currentConfiguration: () => undefined,
    config,
    logger: createLogger('delivery-lane-spec', 'silent'),
  } as unknown as LaneServices;
  const driven = new DeliveryLane(lane, { epoch: '1', parkedReason: null, parkedConfigVersion: null }, services);
  return { driven, repository, attempts, reporter };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('DeliveryLane', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('finishes a delivered command in PostgreSQL, forgets it and reports', async () => {
    const delivered: AttemptOutcome = {
      kind: 'delivered',
      erpRecordId: 'erp-1',
      contentHash: 'h',
      confirmedBy: 'write',
      command: deliveryCommand,
    };
    const { driven, repository, reporter } = laneWith([queued(1n, 'a')], [delivered]);
    stop = () => driven.stop();
    await driven.load();
    await waitFor(() => driven.pending === 0, 'the command to be finished');

    expect(repository.markInFlight).toHaveBeenCalledWith(1n);
    expect(repository.finishDelivered).toHaveBeenCalledWith(1n, deliveryCommand, {
      erpRecordId: 'erp-1',
      contentHash: 'h',
      attempts: 0,
      confirmedBy: 'write',
    });
    expect(reporter.publishOutcomes).toHaveBeenCalledWith(lane);
  });

  it('writes a counted failure back as a retry with its backoff, and tells the product once', async () => {
    const { driven, repository, attempts, reporter } = laneWith([queued(1n, 'a')], [{ kind: 'retry', failure, ambiguous: true }]);
    stop = () => driven.stop();
    const before = Date.now();
    await driven.load();
    await waitFor(() => repository.scheduleRetry.mock.calls.length === 1 && reporter.publishProgress.mock.calls.length === 1, 'the retry');

    const [command, written, delayMs] = repository.scheduleRetry.mock.calls[0] as unknown as [QueuedCommand, typeof failure, number];
    expect(command).toMatchObject({ id: 1n, state: 'pending', attempts: 1, needsLookup: true });
    expect(written).toEqual(failure);
    expect(delayMs).toBeGreaterThanOrEqual(250);
    expect(delayMs).toBeLessThanOrEqual(500);
    expect(command.nextAttemptAt).toBeGreaterThanOrEqual(before + delayMs);
    expect(reporter.publishProgress).toHaveBeenCalledWith(deliveryCommand, 'retrying', failure, 1);
    expect(attempts.attempt).toHaveBeenCalledTimes(1);
    expect(driven.pending).toBe(1);
  });

  it('parks the lane on refused credentials, sends nothing more, and resumes on a newer configuration', async () => {
    const refused = { errorClass: 'auth_revoked', errorCode: 'AUTH_REVOKED', message: 'credentials refused' };
    const delivered: AttemptOutcome = {
      kind: 'delivered',
      erpRecordId: 'erp-1',
      contentHash: 'h',
      confirmedBy: 'write',
      command: deliveryCommand,
    };
    const { driven, repository, attempts, reporter } = laneWith([queued(1n, 'a')], [{ kind: 'park', failure: refused }, delivered]);
    stop = () => driven.stop();
    await driven.load();
    await waitFor(() => reporter.publishProgress.mock.calls.length === 1, 'the park to be reported');

    expect(driven.circuit).toBe('parked');
    expect(repository.park).toHaveBeenCalledWith(lane, 'credentials refused', null);
    expect(repository.release).toHaveBeenCalledWith(1n, false);
    expect(reporter.publishLaneState).toHaveBeenCalledWith(expect.objectContaining({ state: 'parked', reason: 'credentials refused' }));
    await driven.refresh();
    await sleep(50);
    expect(attempts.attempt).toHaveBeenCalledTimes(1);

    await driven.configurationChanged({ version: 2, policies: null } as unknown as TenantConfiguration);
    await waitFor(() => driven.pending === 0, 'the command to be delivered after the resume');
    expect(driven.circuit).toBe('closed');
    expect(reporter.publishLaneState).toHaveBeenCalledWith(expect.objectContaining({ state: 'resumed', reason: 'configuration v2' }));
  });

  it('keeps the command when our own database fails, and tries it again after a back-off', async () => {
    const delivered: AttemptOutcome = {
      kind: 'delivered',
      erpRecordId: 'erp-1',
      contentHash: 'h',
      confirmedBy: 'write',
      command: deliveryCommand,
    };
    const { driven, repository, attempts } = laneWith([queued(1n, 'a')], [delivered]);
    stop = () => driven.stop();
    repository.markInFlight.mockRejectedValueOnce(new Error('connection terminated'));
    const started = Date.now();
    await driven.load();
    await waitFor(() => driven.pending === 0, 'the command to be delivered after the back-off');

    expect(repository.markInFlight).toHaveBeenCalledTimes(2);
    expect(attempts.attempt).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });
});
