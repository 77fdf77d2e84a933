import type { DataSource, EntityManager } from 'typeorm';
import type { DeliveryCommand } from '@ferry/contracts';
import { DeliveryLedgerRepository, type DeliveryConfirmation } from '../ledger/delivery-ledger.repository';
import { LaneLeaseRepository, type LaneLease } from '../leases/lane-lease.repository';
import type { QueuedCommand } from '../lanes/lane-selection';
import { DeliveryQueueRepository, type DeliveryFailure } from './delivery-queue.repository';
import type { LaneKey } from './lane-key';
import type { StoredCommand } from './stored-command';

/**
 * The delivery queue as a lane drives it: what a lane reads and decides, each written through the repository that
 * owns the table (queue, lease, ledger). It holds no SQL; it only groups the writes that must happen together
 * (a delivery and its ledger entry; a lease and the take-back of what its previous holder had in flight).
 */
export class DeliveryQueue {
  static readonly NOTIFY_CHANNEL = DeliveryQueueRepository.NOTIFY_CHANNEL;
  private readonly commands: DeliveryQueueRepository;
  private readonly leases: LaneLeaseRepository;

  constructor(private readonly dataSource: DataSource) {
    this.commands = new DeliveryQueueRepository(dataSource);
    this.leases = new LaneLeaseRepository(dataSource);
  }

  /**
   * Takes the lane (see LaneLeaseRepository.acquire); what the previous holder had in flight goes back to pending,
   * to be looked up in the ERP before it is written again.
   */
  async acquireLane(lane: LaneKey, owner: string, leaseMs: number): Promise<LaneLease | undefined> {
    const lease = await this.leases.acquire(lane, owner, leaseMs);
    if (!lease) return undefined;
    await this.commands.takeOverInFlight(lane);
    return lease;
  }

  unfinishedInLane(lane: LaneKey, afterId?: bigint): Promise<QueuedCommand[]> {
    return this.commands.unfinishedInLane(lane, afterId);
  }

  byId(id: bigint): Promise<StoredCommand | undefined> {
    return this.commands.byId(id);
  }

  /** → in_flight before the ERP call. False: the command was finished elsewhere. */
  markInFlight(id: bigint): Promise<boolean> {
    return this.commands.markInFlight(id);
  }

  /**
   * Records a delivery in one transaction: the command is delivered, the ledger has it, the entity's newest
   * delivered version moves forward, and older versions still waiting become stale (never applied after a
   * newer one). Answers the ids made stale.
   */
  finishDelivered(
    id: bigint,
    command: DeliveryCommand,
    outcome: { erpRecordId: string; contentHash: string; attempts: number; confirmedBy: DeliveryConfirmation },
  ): Promise<bigint[]> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const commands = new DeliveryQueueRepository(manager);
      await commands.markDelivered(id, outcome);
      await new DeliveryLedgerRepository(manager).recordDelivery(command, outcome);
      return commands.supersedeOlder(command);
    });
  }

  finishStale(id: bigint, detail: string): Promise<void> {
    return this.commands.finishStale(id, detail);
  }

  scheduleRetry(command: QueuedCommand, error: DeliveryFailure, delayMs: number): Promise<void> {
    return this.commands.scheduleRetry(command, error, delayMs);
  }

  /** Back to pending without a new try time: the lane is parked or its breaker opened; nothing was counted. */
  release(id: bigint, needsLookup: boolean): Promise<void> {
    return this.commands.release(id, needsLookup);
  }

  finishDeadLettered(id: bigint, attempts: number, error: DeliveryFailure): Promise<void> {
    return this.commands.finishDeadLettered(id, attempts, error);
  }

  park(lane: LaneKey, reason: string, configVersion: number | null): Promise<void> {
    return this.leases.park(lane, reason, configVersion);
  }

  /** Lifts a park; answers whether the lane was parked. */
  unpark(lane: LaneKey): Promise<boolean> {
    return this.leases.unpark(lane);
  }

  laneHasWork(lane: LaneKey): Promise<boolean> {
    return this.commands.laneHasWork(lane);
  }

  /** Forgets at most `limit` of the tenant's finished, reported commands finished before `before` (the ledger and entity versions stay). */
  prune(tenantId: string, before: Date, limit?: number): Promise<number> {
    return this.commands.prune(tenantId, before, limit);
  }

  /** Every tenant with commands in the queue. */
  tenants(): Promise<string[]> {
    return this.commands.tenants();
  }
}
