import type { TenantConfiguration } from '@ferry/contracts';
import { runWithLogContext, runWithOwnLogContext, type Logger } from '@ferry/logging';
import { gauge } from '@ferry/metrics';
import type { DeliveryConfig } from '../delivery.config';
import type { LaneLease } from '../leases/lane-lease.repository';
import type { DeliveryQueue } from '../queue/delivery-queue';
import { laneId, type LaneKey } from '../queue/lane-key';
import type { AttemptOutcome, DeliveryAttemptService } from './delivery-attempt.service';
import type { DeliveryOutcomeReporter } from './delivery-outcome-reporter';
import type { FairSlots } from './fair-slots';
import { LaneBreaker, type BreakerState } from './lane-breaker';
import { lanePolicy, retryDelayMs, type LanePolicy } from './lane-policy';
import { nextRetryAt, selectDispatchable, type QueuedCommand } from './lane-selection';
import { TokenBucket } from './token-bucket';

/** A command is dead-lettered after this many throttled tries: an ERP that never lets it through needs a person. */
const MAX_THROTTLED_TRIES = 50;
const STATE_VALUES: Record<BreakerState | 'parked', number> = { closed: 0, half_open: 1, open: 2, parked: 3 };
const laneStateGauge = gauge('ferry_delivery_lane_state', 'Delivery lane state: 0 closed, 1 half-open, 2 open, 3 parked', [
  'tenant_id',
  'connection_id',
  'erp',
]);
const lanePendingGauge = gauge('ferry_delivery_lane_pending', 'Commands waiting in a delivery lane', ['tenant_id', 'connection_id', 'erp']);

export interface LaneServices {
  repository: DeliveryQueue;
  attempts: DeliveryAttemptService;
  reporter: DeliveryOutcomeReporter;
  slots: FairSlots;
  /** The tenant's configuration, reading the topic further first when it is older than `atLeastVersion`. */
  configuration(tenantId: string, atLeastVersion?: number): Promise<TenantConfiguration | undefined>;
  currentConfiguration(tenantId: string): TenantConfiguration | undefined;
  config: DeliveryConfig;
  logger: Logger;
}

/**
 * One tenant × ERP connection, driven by the one replica holding its lease: the commands waiting for it (the
 * payloads stay in PostgreSQL), its circuit breaker, its request budget and its concurrency. Every decision is
 * written to PostgreSQL before it is acted on, so another replica can take the lane over at any moment.
 */
export class DeliveryLane {
  readonly key: string;
  private readonly commands = new Map<bigint, QueuedCommand>();
  private maxSeenId = 0n;
  private inFlight = 0;
  private stopped = false;
  private draining = false;
  private parkedReason: string | null;
  private parkedConfigVersion: number | null;
  private pausedUntil = 0;
  private consecutiveThrottles = 0;
  private platformBackoffUntil = 0;
  private platformFailures = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private pumpScheduled = false;
  private policy: LanePolicy;
  private policyFingerprint = '';
  private breaker!: LaneBreaker;
  private bucket: TokenBucket | undefined;
  private lastActiveAt = Date.now();
  private readonly labels: { tenant_id: string; connection_id: string; erp: string };
  private readonly log: Logger;

  constructor(
    readonly lane: LaneKey,
    lease: LaneLease,
    private readonly services: LaneServices,
  ) {
    this.key = laneId(lane);
    this.epoch = lease.epoch;
    this.parkedReason = lease.parkedReason;
    this.parkedConfigVersion = lease.parkedConfigVersion;
    this.labels = { tenant_id: lane.tenantId, connection_id: lane.connectionId, erp: services.config.erpKind };
    // The tenant comes from the lane's own log context (see dispatch), so it is not bound here a second time.
    this.log = services.logger.child({ connectionId: lane.connectionId });
    this.policy = lanePolicy(null, services.config.defaults);
    this.applyPolicy(this.policy);
    laneStateGauge.set(this.labels, this.parkedReason ? STATE_VALUES.parked : STATE_VALUES.closed);
  }

  epoch: string;

  get pending(): number {
    return this.commands.size;
  }

  /** No command waiting or in flight, and none for a while: the lease can go back. */
  idleFor(now = Date.now()): number {
    return this.commands.size === 0 && this.inFlight === 0 ? now - this.lastActiveAt : 0;
  }

  get busy(): number {
    return this.inFlight;
  }

  /** Reads every unfinished command of the lane (after taking it over, or to catch up after missed notices). */
  async load(): Promise<void> {
    const rows = await this.services.repository.unfinished(this.lane);
    const present = new Set(rows.map((row) => row.id));
    for (const [id, command] of this.commands) if (!present.has(id) && command.state !== 'in_flight') this.commands.delete(id);
    for (const row of rows) this.remember(row);
    this.refreshPolicy();
    this.pump();
  }

  /** Reads commands that arrived since the last look. */
  async refresh(): Promise<void> {
    const rows = await this.services.repository.unfinished(this.lane, this.maxSeenId);
    for (const row of rows) this.remember(row);
    if (rows.length > 0) this.pump();
  }

  private remember(row: QueuedCommand): void {
    if (row.id > this.maxSeenId) this.maxSeenId = row.id;
    const held = this.commands.get(row.id);
    if (held?.state === 'in_flight') return;
    this.commands.set(row.id, { ...row, state: 'pending' });
    this.lastActiveAt = Date.now();
    lanePendingGauge.set(this.labels, this.commands.size);
  }

  /** The lease renewal's view of the park flag: an operator may have resumed the lane on any replica. */
  applyLease(lease: LaneLease): void {
    this.epoch = lease.epoch;
    if (this.parkedReason && !lease.parkedReason) void this.inOwnContext(() => this.resumed('an operator resumed the lane'));
    this.parkedReason = lease.parkedReason ?? this.parkedReason;
  }

  /** A new configuration version: new policies apply, and a lane parked on credentials retries with the new ones. */
  configurationChanged(configuration: TenantConfiguration): Promise<void> {
    return this.inOwnContext(() => this.applyConfiguration(configuration));
  }

  private async applyConfiguration(configuration: TenantConfiguration): Promise<void> {
    this.applyPolicy(lanePolicy(configuration.policies, this.services.config.defaults));
    if (this.parkedReason && (this.parkedConfigVersion === null || configuration.version > this.parkedConfigVersion)) {
      if (await this.services.repository.unpark(this.lane).catch(() => false))
        await this.resumed(`configuration v${configuration.version}`);
    }
  }

  private async resumed(why: string): Promise<void> {
    this.parkedReason = null;
    this.parkedConfigVersion = null;
    laneStateGauge.set(this.labels, STATE_VALUES[this.breaker.state]);
    this.log.info({ why }, 'delivery lane resumed');
    await this.services.reporter.laneState(this.stateChange('resumed', why));
    this.pump();
  }

  /** 'parked', or the circuit breaker's state. */
  get circuit(): string {
    return this.parkedReason ? 'parked' : this.breaker.state;
  }

  /** Starts nothing new, lets what is in flight finish (and be recorded), then stops. */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    this.stop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.services.slots.forget(this.key);
    this.breaker.shutdown();
    lanePendingGauge.remove(this.labels);
    laneStateGauge.remove(this.labels);
  }

  /** Runs the dispatch loop soon (coalescing many wake-ups into one). */
  pump(): void {
    if (this.stopped || this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.dispatch();
    });
  }

  private wakeAt(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.dispatch();
      },
      Math.max(0, at - Date.now()),
    );
  }

  private dispatch(): void {
    this.inOwnContext(() => {
      try {
        this.dispatchDue();
      } finally {
        this.services.slots.returnUnused(this.key);
      }
    });
  }

  /** Lane work logs under the lane's tenant, never under the message or request that happened to wake it. */
  private inOwnContext<T>(work: () => T): T {
    return runWithOwnLogContext({ tenantId: this.lane.tenantId }, work);
  }

  private dispatchDue(): void {
    if (this.stopped || this.draining || this.parkedReason) return;
    const now = Date.now();
    const blockedUntil = Math.max(this.pausedUntil, this.platformBackoffUntil);
    if (now < blockedUntil) return this.wakeAt(blockedUntil);
    if (!this.breaker.canSend(this.inFlight)) return; // the breaker's half-open event wakes the lane
    const limit = (this.breaker.state === 'half_open' ? 1 : this.policy.maxConcurrency) - this.inFlight;
    for (const command of selectDispatchable([...this.commands.values()], now, limit)) {
      if (!this.services.slots.tryAcquire(this.key, () => this.pump())) break;
      const wait = this.bucket?.take(now) ?? 0;
      if (wait > 0) {
        this.services.slots.release();
        this.wakeAt(now + wait);
        break;
      }
      command.state = 'in_flight';
      this.inFlight += 1;
      this.lastActiveAt = now;
      void runWithLogContext({ eventId: command.eventId }, () => this.run(command)).finally(() => {
        this.inFlight -= 1;
        this.services.slots.release();
        this.pump();
      });
    }
    const retryAt = nextRetryAt([...this.commands.values()], now);
    if (retryAt !== undefined) this.wakeAt(retryAt);
  }

  private async run(command: QueuedCommand): Promise<void> {
    const { repository, attempts } = this.services;
    let outcome: AttemptOutcome;
    try {
      if (!(await repository.markInFlight(command.id))) {
        // Finished elsewhere (a replica that held the lane before us): nothing left to do here.
        this.forget(command.id);
        return;
      }
      this.refreshPolicy();
      const breakerBefore = this.breaker.state;
      outcome = await attempts.attempt(this.lane, command, this.breaker, (tenantId, atLeastVersion) =>
        this.services.configuration(tenantId, atLeastVersion),
      );
      this.platformFailures = 0;
      await this.settle(command, outcome, breakerBefore);
    } catch (error) {
      // Our own platform (database, configuration topic) is away: keep the command, try again once it answers.
      command.state = 'pending';
      this.platformFailures += 1;
      this.platformBackoffUntil = Date.now() + Math.min(10_000, 250 * 2 ** Math.min(this.platformFailures, 6));
      this.log.warn({ err: error, commandId: command.commandId }, 'delivery platform unavailable; the command waits');
    }
  }

  private async settle(command: QueuedCommand, outcome: AttemptOutcome, breakerBefore: BreakerState): Promise<void> {
    const { repository, reporter } = this.services;
    switch (outcome.kind) {
      case 'delivered': {
        this.consecutiveThrottles = 0;
        const written = await this.persist(() =>
          repository.finishDelivered(command.id, outcome.command, {
            erpRecordId: outcome.erpRecordId,
            contentHash: outcome.contentHash,
            attempts: command.attempts,
            confirmedBy: outcome.confirmedBy,
          }),
        );
        if (!written) return;
        this.forget(command.id);
        written.value.forEach((id) => this.forget(id));
        if (outcome.confirmedBy === 'lookup')
          this.log.info(
            { commandId: command.commandId, erpRecordId: outcome.erpRecordId },
            'ambiguous earlier try confirmed applied by lookup; not written again',
          );
        void reporter.report(this.lane);
        return;
      }
      case 'stale':
        if (!(await this.persist(() => repository.finishStale(command.id, outcome.detail)))) return;
        this.forget(command.id);
        void reporter.report(this.lane);
        return;
      case 'dead_letter':
        await this.deadLetter(command, outcome.failure);
        return;
      case 'park': {
        this.parkedReason = outcome.failure.message;
        this.parkedConfigVersion = this.services.currentConfiguration(this.lane.tenantId)?.version ?? null;
        command.state = 'pending';
        await this.persist(async () => {
          await repository.park(this.lane, outcome.failure.message, this.parkedConfigVersion);
          await repository.release(command.id, command.needsLookup);
        });
        laneStateGauge.set(this.labels, STATE_VALUES.parked);
        this.log.warn(
          { reason: outcome.failure.message, pending: this.commands.size },
          'delivery lane parked: the ERP refuses the credentials',
        );
        await reporter.laneState(this.stateChange('parked', outcome.failure.message));
        const stored = await repository.stored(command.id).catch(() => undefined);
        if (stored) await reporter.transient(stored.command, 'parked', outcome.failure, command.attempts);
        return;
      }
      case 'throttled': {
        this.consecutiveThrottles += 1;
        command.throttled += 1;
        const delay = retryDelayMs(this.policy, this.consecutiveThrottles, outcome.retryAfterMs);
        // The ERP's limits are per account: the whole lane slows down, not just this record.
        this.pausedUntil = Date.now() + delay;
        if (command.throttled >= MAX_THROTTLED_TRIES) {
          await this.deadLetter(command, {
            ...outcome.failure,
            message: `throttled ${command.throttled} times: ${outcome.failure.message}`,
          });
          return;
        }
        await this.scheduleRetry(command, outcome.failure, delay);
        return;
      }
      case 'retry': {
        // Failures while the ERP as a whole is failing (circuit not closed before or after) are the ERP's, not
        // the record's: they do not use up its attempts, so a long outage never dead-letters healthy records.
        const counts = breakerBefore === 'closed' && this.breaker.state === 'closed';
        if (counts) command.attempts += 1;
        if (outcome.ambiguous) command.needsLookup = true;
        if (command.attempts >= this.policy.maxAttempts) {
          await this.deadLetter(command, { ...outcome.failure, message: `${outcome.failure.message} (after ${command.attempts} tries)` });
          return;
        }
        const delay = counts ? retryDelayMs(this.policy, command.attempts, outcome.retryAfterMs) : (outcome.retryAfterMs ?? 0);
        await this.scheduleRetry(command, outcome.failure, delay);
        if (counts && command.attempts === 1) {
          const stored = await repository.stored(command.id).catch(() => undefined);
          if (stored) await reporter.transient(stored.command, 'retrying', outcome.failure, command.attempts);
        }
        return;
      }
    }
  }

  private async scheduleRetry(
    command: QueuedCommand,
    failure: { errorClass: string; errorCode: string; message: string },
    delayMs: number,
  ) {
    command.state = 'pending';
    command.nextAttemptAt = Date.now() + delayMs;
    command.firstFailedAt ??= Date.now();
    await this.persist(() => this.services.repository.scheduleRetry(command, failure, delayMs));
  }

  private async deadLetter(command: QueuedCommand, failure: { errorClass: string; errorCode: string; message: string }): Promise<void> {
    if (!(await this.persist(() => this.services.repository.finishDeadLettered(command.id, command.attempts, failure)))) return;
    this.forget(command.id);
    this.log.warn({ commandId: command.commandId, errorCode: failure.errorCode, reason: failure.message }, 'delivery dead-lettered');
    void this.services.reporter.report(this.lane);
  }

  /**
   * Writes an outcome, retrying while PostgreSQL is away: the ERP already acted, so giving up here would lose
   * the fact. Answers undefined only when the lane stopped first (a write answering nothing is still wrapped);
   * the command then stays in flight in the database and whoever takes the lane looks the record up before
   * writing again.
   */
  private async persist<T>(write: () => Promise<T>): Promise<{ value: T } | undefined> {
    for (let failures = 0; ; failures += 1) {
      try {
        return { value: await write() };
      } catch (error) {
        if (this.stopped) return undefined;
        if (failures % 10 === 0) this.log.warn({ err: error }, 'could not record a delivery outcome yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** Math.min(failures, 5))));
      }
    }
  }

  private forget(id: bigint): void {
    this.commands.delete(id);
    lanePendingGauge.set(this.labels, this.commands.size);
    this.lastActiveAt = Date.now();
  }

  private refreshPolicy(): void {
    this.applyPolicy(lanePolicy(this.services.currentConfiguration(this.lane.tenantId)?.policies, this.services.config.defaults));
  }

  private applyPolicy(policy: LanePolicy): void {
    const fingerprint = JSON.stringify(policy);
    if (fingerprint === this.policyFingerprint) return;
    const breakerChanged = JSON.stringify(policy.breaker) !== JSON.stringify(this.policy.breaker) || !this.breaker;
    this.policy = policy;
    this.policyFingerprint = fingerprint;
    this.bucket = policy.requestsPerSecond ? new TokenBucket(policy.requestsPerSecond) : undefined;
    if (breakerChanged) {
      this.breaker?.shutdown();
      this.breaker = new LaneBreaker(policy.breaker, (state) => this.breakerChanged(state));
    }
  }

  private breakerChanged(state: BreakerState): void {
    if (!this.parkedReason) laneStateGauge.set(this.labels, STATE_VALUES[state]);
    this.log.warn({ state, pending: this.commands.size }, `delivery lane circuit ${state.replace('_', '-')}`);
    void this.services.reporter.laneState(
      this.stateChange(state, state === 'open' ? 'the ERP keeps failing; commands wait until a probe succeeds' : null),
    );
    if (state !== 'open') this.pump();
  }

  private stateChange(state: string, reason: string | null) {
    return {
      tenantId: this.lane.tenantId,
      connectionId: this.lane.connectionId,
      erpKind: this.services.config.erpKind,
      service: this.services.config.service,
      instanceId: this.services.config.instanceId,
      state,
      reason,
      pendingCount: this.commands.size,
    };
  }
}
