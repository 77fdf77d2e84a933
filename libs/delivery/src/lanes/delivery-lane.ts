import type { TenantConfiguration } from '@ferry/contracts';
import { runWithLogContext, runWithOwnLogContext, type Logger } from '@ferry/logging';
import { gauge } from '@ferry/metrics';
import type { DeliveryConfig } from '../delivery.config';
import type { LaneLease } from '../leases/lane-lease.repository';
import type { DeliveryQueue } from '../queue/delivery-queue';
import { laneId, type LaneKey } from '../queue/lane-key';
import type { AttemptFailure, DeliveryAttemptService } from './delivery-attempt.service';
import type { DeliveryOutcomeReporter } from './delivery-outcome-reporter';
import type { FairSlots } from './fair-slots';
import { LaneBreaker, type BreakerState } from './lane-breaker';
import { lanePolicy, type LanePolicy } from './lane-policy';
import type { QueuedCommand } from './lane-selection';
import { configurationLiftsPark, nextStep, type LaneCounters, type LaneSnapshot, type OutcomeStep } from './lane-step';
import { TokenBucket } from './token-bucket';

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
 * payloads stay in PostgreSQL), its circuit breaker, its request budget and its concurrency. What to do next is
 * decided by `nextStep` (lane-step.ts); this class only carries it out. Every decision is written to PostgreSQL
 * before it is acted on, so another replica can take the lane over at any moment.
 *
 * The loop: `wakeSoon` / `wakeAt` schedule a `wake`, which asks nextStep what may start and starts it
 * (`startCommand`); each started command is `attempt`ed once against the ERP, and `carryOut` writes down what
 * its outcome's step says (delivered, stale, retry later, dead letter, park).
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
  private counters: LaneCounters = { consecutiveThrottles: 0, pausedUntil: 0, platformFailures: 0, platformBackoffUntil: 0 };
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private wakeScheduled = false;
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
    const rows = await this.services.repository.unfinishedInLane(this.lane);
    const present = new Set(rows.map((row) => row.id));
    for (const [id, command] of this.commands) if (!present.has(id) && command.state !== 'in_flight') this.commands.delete(id);
    for (const row of rows) this.remember(row);
    this.refreshPolicy();
    this.wakeSoon();
  }

  /** Reads commands that arrived since the last look. */
  async refresh(): Promise<void> {
    const rows = await this.services.repository.unfinishedInLane(this.lane, this.maxSeenId);
    for (const row of rows) this.remember(row);
    if (rows.length > 0) this.wakeSoon();
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
    if (this.parkedReason && configurationLiftsPark(this.parkedConfigVersion, configuration.version)) {
      if (await this.services.repository.unpark(this.lane).catch(() => false))
        await this.resumed(`configuration v${configuration.version}`);
    }
  }

  private async resumed(why: string): Promise<void> {
    this.parkedReason = null;
    this.parkedConfigVersion = null;
    laneStateGauge.set(this.labels, STATE_VALUES[this.breaker.state]);
    this.log.info({ why }, 'delivery lane resumed');
    await this.services.reporter.publishLaneState(this.stateChange('resumed', why));
    this.wakeSoon();
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

  /** Wakes the lane on the next turn of the event loop, coalescing many reasons to look into one look. */
  private wakeSoon(): void {
    if (this.stopped || this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.wake();
    });
  }

  /** Wakes the lane at `at` (a retry time, the end of a pause) unless it is already due to wake before then. */
  private wakeAt(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.wake();
      },
      Math.max(0, at - Date.now()),
    );
  }

  /** One look at the lane: starts what nextStep allows, then gives back call slots set aside but not used. */
  private wake(): void {
    this.inOwnContext(() => {
      try {
        this.startDueCommands();
      } finally {
        this.services.slots.returnUnused(this.key);
      }
    });
  }

  /** Lane work logs under the lane's tenant, never under the message or request that happened to wake it. */
  private inOwnContext<T>(work: () => T): T {
    return runWithOwnLogContext({ tenantId: this.lane.tenantId }, work);
  }

  private snapshot(): LaneSnapshot {
    return {
      stopped: this.stopped,
      draining: this.draining,
      parked: this.parkedReason !== null,
      breaker: this.breaker.state,
      inFlight: this.inFlight,
      policy: this.policy,
      counters: this.counters,
    };
  }

  /** Starts the commands nextStep picked, in its order, while this replica has call slots and the lane request budget. */
  private startDueCommands(): void {
    const now = Date.now();
    const step = nextStep(this.snapshot(), { type: 'wake', now, commands: [...this.commands.values()] });
    switch (step.kind) {
      case 'idle':
      case 'wait-for-breaker':
        return;
      case 'wait-until':
        return this.wakeAt(step.at);
      case 'start':
        for (const command of step.candidates) {
          if (!this.services.slots.tryAcquire(this.key, () => this.wakeSoon())) break;
          const wait = this.bucket?.take(now) ?? 0;
          if (wait > 0) {
            this.services.slots.release();
            this.wakeAt(now + wait);
            break;
          }
          this.startCommand(command, now);
        }
        if (step.wakeAt !== undefined) this.wakeAt(step.wakeAt);
        return;
    }
  }

  /** Marks the command in flight here and attempts it in the background; its slot goes back when it is done. */
  private startCommand(command: QueuedCommand, now: number): void {
    command.state = 'in_flight';
    this.inFlight += 1;
    this.lastActiveAt = now;
    void runWithLogContext({ eventId: command.eventId }, () => this.attempt(command)).finally(() => {
      this.inFlight -= 1;
      this.services.slots.release();
      this.wakeSoon();
    });
  }

  /** Claims the command in PostgreSQL, tries it once against the ERP and carries out the step its outcome leads to. */
  private async attempt(command: QueuedCommand): Promise<void> {
    const { repository, attempts } = this.services;
    try {
      if (!(await repository.markInFlight(command.id))) {
        // Finished elsewhere (a replica that held the lane before us): nothing left to do here.
        this.forget(command.id);
        return;
      }
      this.refreshPolicy();
      const breakerBefore = this.breaker.state;
      const outcome = await attempts.attempt(this.lane, command, this.breaker, (tenantId, atLeastVersion) =>
        this.services.configuration(tenantId, atLeastVersion),
      );
      const step = nextStep(this.snapshot(), { type: 'attempt-answered', now: Date.now(), command, outcome, breakerBefore });
      this.counters = step.counters;
      await this.carryOut(command, step);
    } catch (error) {
      // Our own platform (database, configuration topic) is away: keep the command, try again once it answers.
      command.state = 'pending';
      this.counters = nextStep(this.snapshot(), { type: 'platform-failed', now: Date.now() }).counters;
      this.log.warn({ err: error, commandId: command.commandId }, 'delivery platform unavailable; the command waits');
    }
  }

  /** Writes down what the step says (PostgreSQL first), then tells the product and updates the lane's gauges. */
  private async carryOut(command: QueuedCommand, step: OutcomeStep): Promise<void> {
    const { repository, reporter } = this.services;
    switch (step.kind) {
      case 'finish-delivered': {
        const { delivered } = step;
        const written = await this.persist(() =>
          repository.finishDelivered(command.id, delivered.command, {
            erpRecordId: delivered.erpRecordId,
            contentHash: delivered.contentHash,
            attempts: command.attempts,
            confirmedBy: delivered.confirmedBy,
          }),
        );
        if (!written) return;
        this.forget(command.id);
        written.value.forEach((id) => this.forget(id));
        if (delivered.confirmedBy === 'lookup')
          this.log.info(
            { commandId: command.commandId, erpRecordId: delivered.erpRecordId },
            'ambiguous earlier try confirmed applied by lookup; not written again',
          );
        void reporter.publishOutcomes(this.lane);
        return;
      }
      case 'finish-stale':
        if (!(await this.persist(() => repository.finishStale(command.id, step.detail)))) return;
        this.forget(command.id);
        void reporter.publishOutcomes(this.lane);
        return;
      case 'dead-letter':
        Object.assign(command, step.tries);
        await this.deadLetter(command, step.failure);
        return;
      case 'park': {
        this.parkedReason = step.failure.message;
        this.parkedConfigVersion = this.services.currentConfiguration(this.lane.tenantId)?.version ?? null;
        command.state = 'pending';
        await this.persist(async () => {
          await repository.park(this.lane, step.failure.message, this.parkedConfigVersion);
          await repository.release(command.id, command.needsLookup);
        });
        laneStateGauge.set(this.labels, STATE_VALUES.parked);
        this.log.warn(
          { reason: step.failure.message, pending: this.commands.size },
          'delivery lane parked: the ERP refuses the credentials',
        );
        await reporter.publishLaneState(this.stateChange('parked', step.failure.message));
        const stored = await repository.byId(command.id).catch(() => undefined);
        if (stored) await reporter.publishProgress(stored.command, 'parked', step.failure, command.attempts);
        return;
      }
      case 'retry': {
        Object.assign(command, step.tries);
        command.state = 'pending';
        command.nextAttemptAt = step.nextAttemptAt;
        await this.persist(() => repository.scheduleRetry(command, step.failure, step.delayMs));
        if (step.reportRetrying) {
          const stored = await repository.byId(command.id).catch(() => undefined);
          if (stored) await reporter.publishProgress(stored.command, 'retrying', step.failure, command.attempts);
        }
        return;
      }
    }
  }

  private async deadLetter(command: QueuedCommand, failure: AttemptFailure): Promise<void> {
    if (!(await this.persist(() => this.services.repository.finishDeadLettered(command.id, command.attempts, failure)))) return;
    this.forget(command.id);
    this.log.warn({ commandId: command.commandId, errorCode: failure.errorCode, reason: failure.message }, 'delivery dead-lettered');
    void this.services.reporter.publishOutcomes(this.lane);
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
    void this.services.reporter.publishLaneState(
      this.stateChange(state, state === 'open' ? 'the ERP keeps failing; commands wait until a probe succeeds' : null),
    );
    if (state !== 'open') this.wakeSoon();
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
