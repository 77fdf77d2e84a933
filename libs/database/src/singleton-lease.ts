import { randomUUID } from 'node:crypto';
import type { Logger } from '@ferry/logging';
import { NOT_HELD, afterRenewal, decideWork, isHeld, leaseChange, type LeaseView, type RenewalOutcome } from './lease-decision';
import type { LeaseRepository } from './lease.repository';

export interface SingletonLeaseOptions {
  /** The work it guards, e.g. `inbound-poll`: one holder per name and database. */
  name: string;
  /** This replica (FERRY_INSTANCE_ID): a restarted replica takes its predecessor's lease at once. */
  instanceId: string;
  /** How long a holder that stops renewing keeps it: the longest another replica waits to take over. */
  ttlMs: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** Handed to work run under the lease, to check between steps that it still holds it. */
export interface LeaseFence {
  epoch: number;
  /** False once the lease expired or passed to another replica: stop before the next step. */
  stillHeld(): Promise<boolean>;
}

/**
 * Work that must run on one replica at a time, whatever the replica count (inbound polling, scheduled
 * reconciliation, exporting shared figures): every replica tries to take a PostgreSQL lease, renews it every
 * third of its life, and only the holder runs the work, after the database confirms it still holds it. A holder
 * that cannot renew stops when its lease would have run out, before another replica may take it over; one that
 * stops hands it over at once. The decisions are lease-decision.ts's; this class only does the I/O.
 */
export class SingletonLease {
  readonly holder: string;
  private view: LeaseView = NOT_HELD;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: LeaseRepository,
    private readonly options: SingletonLeaseOptions,
  ) {
    this.holder = `${options.instanceId}/${randomUUID().slice(0, 8)}`;
  }

  get name(): string {
    return this.options.name;
  }

  isHeld(now = Date.now()): boolean {
    return isHeld(this.view, now);
  }

  async renew(): Promise<boolean> {
    const startedAt = Date.now();
    let outcome: RenewalOutcome;
    try {
      const epoch = await this.repository.acquireOrRenew(this.options.name, this.holder, this.options.ttlMs);
      outcome = epoch === undefined ? { kind: 'refused' } : { kind: 'granted', epoch };
    } catch (error) {
      this.options.logger.warn({ err: error, lease: this.options.name }, 'could not renew the lease');
      outcome = { kind: 'failed' };
    }
    const before = this.view;
    this.view = afterRenewal(before, outcome, startedAt, this.options.ttlMs);
    const change = leaseChange(before, this.view, Date.now());
    if (change === 'acquired' || change === 'lost')
      this.options.logger.info({ lease: this.options.name, holder: this.holder, epoch: this.view.epoch, change }, `lease ${change}`);
    return this.isHeld();
  }

  /** Takes the lease if free, then keeps trying (or renewing) every third of its life. */
  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew(), this.options.ttlMs / 3);
    this.timer.unref();
  }

  /** Stops renewing and hands the lease over at once if held, so the next replica does not wait for expiry. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.view.epoch === 0) return;
    this.view = NOT_HELD;
    await this.repository.release(this.options.name, this.holder).catch(() => undefined);
  }

  /**
   * Runs `work` if this replica holds the lease and the database confirms it; work that takes several steps
   * checks `fence.stillHeld()` between them. Answers what happened: 'run', 'not-holder' or 'lost'.
   */
  async runExclusive(work: (fence: LeaseFence) => Promise<void>): Promise<'run' | 'not-holder' | 'lost'> {
    const decision = await this.decide();
    if (decision !== 'run') return decision;
    const epoch = this.view.epoch;
    await work({ epoch, stillHeld: async () => this.view.epoch === epoch && (await this.decide()) === 'run' });
    return 'run';
  }

  private async decide(): Promise<'run' | 'not-holder' | 'lost'> {
    if (this.view.epoch === 0) return 'not-holder';
    let confirmed: number | undefined;
    try {
      confirmed = await this.repository.currentEpoch(this.options.name, this.holder);
    } catch (error) {
      this.options.logger.warn({ err: error, lease: this.options.name }, 'could not confirm the lease; not running');
      return 'lost';
    }
    const decision = decideWork(this.view, Date.now(), confirmed);
    if (decision === 'lost') this.options.logger.info({ lease: this.options.name, holder: this.holder }, 'lease lost; work not started');
    return decision;
  }
}
