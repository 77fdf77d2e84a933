import type { DeliveryCommand, TenantConfiguration } from '@ferry/contracts';
import { ErpError, contentHash, recordHoldsPayload, type ErpConnectionContext, type ErpConnector } from '@ferry/erp-core';
import { ProcessingError, infrastructure, permanent } from '@ferry/kafka';
import type { SecretSealer } from '@ferry/secrets';
import { openConnection } from '@ferry/tenant-config';
import type { DeliveryLedgerRepository } from '../ledger/delivery-ledger.repository';
import type { DeliveryQueueRepository } from '../queue/delivery-queue.repository';
import type { LaneKey } from '../queue/lane-key';
import type { LaneBreaker } from './lane-breaker';
import type { QueuedCommand } from './lane-selection';

export interface AttemptFailure {
  errorClass: string;
  errorCode: string;
  message: string;
}

/** What one try of one command came to; the lane turns it into the next state. */
export type AttemptOutcome =
  | { kind: 'delivered'; erpRecordId: string; contentHash: string; confirmedBy: 'write' | 'lookup' | 'ledger'; command: DeliveryCommand }
  | { kind: 'stale'; detail: string }
  /** The ERP (or the network to it) failed; the request may have been applied when `ambiguous`. */
  | { kind: 'retry'; failure: AttemptFailure; ambiguous: boolean; retryAfterMs?: number }
  | { kind: 'throttled'; failure: AttemptFailure; retryAfterMs?: number }
  /** A record the payload refers to is not in the ERP yet (an order that overtook its customer): wait for it, for a while. */
  | { kind: 'await_reference'; failure: AttemptFailure }
  /** The credentials are refused or unreadable: every command of the lane would fail the same way. */
  | { kind: 'park'; failure: AttemptFailure }
  | { kind: 'dead_letter'; failure: AttemptFailure };

function failureOf(error: unknown): AttemptFailure {
  if (error instanceof ErpError)
    return { errorClass: error.errorClass, errorCode: error.details.erpCode ?? error.errorClass.toUpperCase(), message: error.message };
  if (error instanceof ProcessingError) return { errorClass: error.errorClass, errorCode: error.code, message: error.message };
  return { errorClass: 'internal', errorCode: 'UNEXPECTED_ERROR', message: error instanceof Error ? error.message : String(error) };
}

/** ERP failure classes → what the lane does next. */
export function classifyFailure(error: unknown): AttemptOutcome {
  const failure = failureOf(error);
  if (error instanceof ErpError) {
    switch (error.errorClass) {
      case 'throttled':
        return {
          kind: 'throttled',
          failure,
          ...(error.details.retryAfterMs !== undefined ? { retryAfterMs: error.details.retryAfterMs } : {}),
        };
      case 'retryable':
        return {
          kind: 'retry',
          failure,
          ambiguous: error.details.ambiguous === true,
          ...(error.details.retryAfterMs !== undefined ? { retryAfterMs: error.details.retryAfterMs } : {}),
        };
      case 'auth_expired':
        // The connector already refreshed the token once; try again later without suspecting the ERP.
        return { kind: 'retry', failure, ambiguous: false };
      case 'auth_revoked':
        return { kind: 'park', failure };
      case 'missing_reference':
        return { kind: 'await_reference', failure };
      case 'validation':
      case 'conflict':
      case 'not_found':
        return { kind: 'dead_letter', failure };
    }
  }
  // opossum refusing a call because the circuit opened meanwhile: nothing was sent.
  if ((error as { code?: string }).code === 'EOPENBREAKER') return { kind: 'retry', failure, ambiguous: false };
  if (error instanceof ProcessingError) {
    if (error.code === 'CREDENTIALS_UNREADABLE') return { kind: 'park', failure };
    if (error.failureClass === 'permanent') return { kind: 'dead_letter', failure };
  }
  // Unknown errors are bugs or surprises: retried like ERP failures, then dead-lettered with the message.
  return { kind: 'retry', failure, ambiguous: true };
}

/**
 * One try of one queued command against the tenant's ERP, at most once in effect:
 * - a command whose record already holds a newer version is stale and never sent;
 * - a command already in the idempotency ledger is reported delivered without calling the ERP;
 * - after an ambiguous try the record is looked up first, and a record that already holds the payload is
 *   confirmed instead of written again;
 * - otherwise an upsert on Ferry's external id (or the connector's look-up-then-create), through the breaker.
 * Database failures are thrown as infrastructure errors: the lane keeps the command and tries later.
 */
export class DeliveryAttemptService {
  constructor(
    private readonly connector: ErpConnector,
    private readonly queue: DeliveryQueueRepository,
    private readonly ledger: DeliveryLedgerRepository,
    private readonly sealer: SecretSealer,
  ) {}

  /** `configurationFor`: the tenant's configuration, at least the version the command was mapped with. */
  async attempt(
    lane: LaneKey,
    queued: QueuedCommand,
    breaker: LaneBreaker,
    configurationFor: (tenantId: string, atLeastVersion: number) => Promise<TenantConfiguration | undefined>,
  ): Promise<AttemptOutcome> {
    const { command, delivered, ledger } = await this.readState(lane, queued);
    if (delivered && command.entityVersion < delivered.version)
      return { kind: 'stale', detail: `version ${command.entityVersion} is older than version ${delivered.version} already delivered` };
    const payload = JSON.parse(command.payloadJson) as Record<string, unknown>;
    const hash = contentHash(payload);
    if (ledger) return { kind: 'delivered', erpRecordId: ledger.erpRecordId, contentHash: hash, confirmedBy: 'ledger', command };
    // Thrown, not classified: a configuration this replica cannot read yet is our platform's problem.
    const configuration = await configurationFor(command.tenantId, command.configVersion);
    let connection: ErpConnectionContext;
    try {
      connection = this.connectionContext(command, configuration);
    } catch (error) {
      return classifyFailure(error);
    }
    try {
      if (queued.needsLookup && this.connector.lookup) {
        const lookup = this.connector.lookup.bind(this.connector);
        const found = await breaker.fire(() => lookup(connection, command.recordType, command.externalId));
        if (found && recordHoldsPayload(payload, found.fields))
          return { kind: 'delivered', erpRecordId: found.erpRecordId, contentHash: hash, confirmedBy: 'lookup', command };
      }
      const { erpRecordId } = await breaker.fire(() =>
        this.connector.upsert(connection, { recordType: command.recordType, externalId: command.externalId, payload }),
      );
      return { kind: 'delivered', erpRecordId, contentHash: hash, confirmedBy: 'write', command };
    } catch (error) {
      return classifyFailure(error);
    }
  }

  private async readState(lane: LaneKey, queued: QueuedCommand) {
    try {
      const stored = await this.queue.byId(queued.id);
      if (!stored) throw new Error(`command ${queued.commandId} is no longer queued`);
      const { command } = stored;
      const [delivered, ledger] = await Promise.all([
        this.ledger.deliveredVersion(lane, command.recordType, command.externalId),
        this.ledger.entry(command.tenantId, command.commandId),
      ]);
      return { command, delivered, ledger };
    } catch (error) {
      throw infrastructure('DATABASE_UNAVAILABLE', `delivery database unavailable: ${(error as Error).message}`, error);
    }
  }

  private connectionContext(command: DeliveryCommand, configuration: TenantConfiguration | undefined): ErpConnectionContext {
    const connection = configuration?.connections.find((candidate) => candidate.connectionId === command.connectionId);
    if (!connection) {
      throw permanent(
        'CONNECTION_NOT_FOUND',
        `tenant ${command.tenantId} has no connection ${command.connectionId} (configuration v${configuration?.version ?? 'none'})`,
        'configuration',
      );
    }
    try {
      return openConnection(command.tenantId, connection, this.sealer, configuration?.policies);
    } catch (error) {
      throw permanent(
        'CREDENTIALS_UNREADABLE',
        `credentials of connection ${connection.connectionId} cannot be opened: ${(error as Error).message}`,
        'configuration',
        error,
      );
    }
  }
}
