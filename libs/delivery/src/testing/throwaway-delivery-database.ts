import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { DeliveryCommand } from '@ferry/contracts';
import { openServiceDataSource } from '@ferry/database';
import { DeliveryLedgerEntry } from '../delivery-ledger.entity';
import { DELIVERY_MIGRATIONS } from '../migrations/delivery-migrations';
import type { IncomingCommand } from '../queue/delivery-queue.repository';

/** A database of the integration specs: the name says whose, the random part keeps parallel runs apart. */
const DATABASE_PREFIX = 'ferry_it_delivery_';

export interface ThrowawayDeliveryDatabase {
  name: string;
  dataSource: DataSource;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh delivery database on the server at `serverUrl`, brought up exactly as a delivery service does it at
 * start (created if missing, every migration run, one transaction each), for one spec file to use and drop.
 */
export async function throwawayDeliveryDatabase(serverUrl: string): Promise<ThrowawayDeliveryDatabase> {
  const name = `${DATABASE_PREFIX}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const dataSource = await openServiceDataSource(
    { serverUrl, name, entities: [DeliveryLedgerEntry], migrations: DELIVERY_MIGRATIONS },
    // The specs provoke refused statements on purpose; their errors are asserted, not printed.
    { logging: false },
  );
  return {
    name,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await admin.end();
      }
    },
  };
}

let sequence = 0;

/** A delivery command as the transformation service would send it; every call a new command id unless given. */
export function deliveryCommand(overrides: Partial<DeliveryCommand> = {}): DeliveryCommand {
  sequence += 1;
  return {
    commandId: `cmd-${sequence}-${randomUUID().slice(0, 8)}`,
    eventId: `evt-${sequence}`,
    tenantId: 'tenant-a',
    correlationId: `corr-${sequence}`,
    entityType: 'customer',
    entityId: `cust-${sequence}`,
    entityVersion: 1,
    eventOccurredAt: Date.now(),
    connectionId: 'erp-main',
    erpKind: 'webhook',
    recordType: 'customer',
    externalId: `cust-${sequence}`,
    operation: 'upsert',
    payloadJson: JSON.stringify({ name: `Customer ${sequence}` }),
    configVersion: 1,
    createdAt: Date.now(),
    sourceEvent: null,
    replayCount: 0,
    ...overrides,
  };
}

/** The command as the delivery-commands consumer hands it to the queue. */
export function incoming(command: DeliveryCommand, offset = 0): IncomingCommand {
  return {
    command,
    sourceValue: Buffer.from(`raw ${command.commandId}`),
    sourceTopic: 'ferry.delivery-commands.test',
    sourcePartition: 0,
    sourceOffset: String(offset),
    headers: { 'x-correlation-id': `corr-${command.commandId}` },
  };
}

export interface QueueRowSeen {
  id: bigint;
  state: string;
  attempts: number;
  throttled: number;
  needsLookup: boolean;
  reported: boolean;
  nextAttemptAt: Date;
  firstFailedAt: Date | null;
  finishedAt: Date | null;
  lastErrorCode: string | null;
  outcomeDetail: string | null;
  replayCount: number;
}

/** The queue row of a command as the specs inspect it (a test's own look, not a query the services need). */
export async function queueRow(dataSource: DataSource, tenantId: string, commandId: string): Promise<QueueRowSeen | undefined> {
  const [row] = (await dataSource.query(
    `SELECT id, state, attempts, throttled, needs_lookup, reported, next_attempt_at, first_failed_at, finished_at, last_error_code,
       outcome_detail, replay_count
     FROM delivery_queue WHERE tenant_id = $1 AND command_id = $2`,
    [tenantId, commandId],
  )) as {
    id: string;
    state: string;
    attempts: number;
    throttled: number;
    needs_lookup: boolean;
    reported: boolean;
    next_attempt_at: Date;
    first_failed_at: Date | null;
    finished_at: Date | null;
    last_error_code: string | null;
    outcome_detail: string | null;
    replay_count: number;
  }[];
  if (!row) return undefined;
  return {
    id: BigInt(row.id),
    state: row.state,
    attempts: row.attempts,
    throttled: row.throttled,
    needsLookup: row.needs_lookup,
    reported: row.reported,
    nextAttemptAt: row.next_attempt_at,
    firstFailedAt: row.first_failed_at,
    finishedAt: row.finished_at,
    lastErrorCode: row.last_error_code,
    outcomeDetail: row.outcome_detail,
    replayCount: row.replay_count,
  };
}
