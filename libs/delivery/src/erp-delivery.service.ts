import { DataSource } from 'typeorm';
import { syncStatusMessage, type DeliveryCommand, type TenantConfiguration } from '@ferry/contracts';
import { ErpError, contentHash, type ErpConnectionContext, type ErpConnector } from '@ferry/erp-core';
import { EventProducer, ProcessingError, infrastructure, permanent, retryable } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { SecretSealer } from '@ferry/secrets';
import { openConnection } from '@ferry/tenant-config';
import { DeliveryLedgerEntry } from './delivery-ledger.entity';

export interface DeliveryOutcome {
  status: 'delivered' | 'already_delivered';
  erpRecordId: string;
}

/** ERP failure classes → how the consumer treats them (retry with backoff, or dead-letter now). */
export function toProcessingError(error: ErpError): ProcessingError {
  const code = error.details.erpCode ?? error.errorClass.toUpperCase();
  switch (error.errorClass) {
    case 'throttled':
      return retryable(code, error.message, {
        cause: error,
        errorClass: 'throttled',
        ...(error.details.retryAfterMs !== undefined ? { retryAfterMs: error.details.retryAfterMs } : {}),
      });
    case 'retryable':
    case 'auth_expired':
      return retryable(code, error.message, { cause: error, errorClass: error.errorClass });
    case 'auth_revoked':
    case 'validation':
    case 'conflict':
    case 'not_found':
      return permanent(code, error.message, error.errorClass, error);
  }
}

/**
 * Writes one delivery command into the tenant's ERP, at most once in effect: the ledger (keyed by tenant and
 * the deterministic command id) is checked before the ERP call and written after it; the ERP write itself is
 * an upsert on Ferry's external id, so a crash between the two repeats an idempotent write, never a create.
 */
export class ErpDeliveryService {
  constructor(
    private readonly connector: ErpConnector,
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly sealer: SecretSealer,
    private readonly logger: Logger,
  ) {}

  async deliver(command: DeliveryCommand, configuration: TenantConfiguration | undefined, attempt: number): Promise<DeliveryOutcome> {
    const ledger = this.dataSource.getRepository(DeliveryLedgerEntry);
    const previous = await ledger.findOneBy({ tenantId: command.tenantId, commandId: command.commandId }).catch((error: unknown) => {
      throw infrastructure('DATABASE_UNAVAILABLE', `delivery ledger unavailable: ${(error as Error).message}`, error);
    });
    const payload = JSON.parse(command.payloadJson) as Record<string, unknown>;
    const hash = contentHash(payload);
    if (previous) {
      await this.publishDelivered(command, previous.erpRecordId, previous.attempts, hash);
      return { status: 'already_delivered', erpRecordId: previous.erpRecordId };
    }
    const connection = this.connectionContext(command, configuration);
    let erpRecordId: string;
    try {
      ({ erpRecordId } = await this.connector.upsert(connection, {
        recordType: command.recordType,
        externalId: command.externalId,
        payload,
      }));
    } catch (error) {
      if (error instanceof ErpError) throw toProcessingError(error);
      throw error;
    }
    await ledger
      .insert({
        tenantId: command.tenantId,
        commandId: command.commandId,
        eventId: command.eventId,
        connectionId: command.connectionId,
        recordType: command.recordType,
        externalId: command.externalId,
        erpRecordId,
        entityVersion: String(command.entityVersion),
        contentHash: hash,
        configVersion: command.configVersion,
        attempts: attempt,
        deliveredAt: new Date(),
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505') return; // a concurrent replica recorded it first
        throw infrastructure('DATABASE_UNAVAILABLE', `could not record delivery: ${(error as Error).message}`, error);
      });
    await this.publishDelivered(command, erpRecordId, attempt, hash);
    this.logger.info({ erpRecordId, externalId: command.externalId, recordType: command.recordType, attempt }, 'delivered to ERP');
    return { status: 'delivered', erpRecordId };
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

  private async publishDelivered(command: DeliveryCommand, erpRecordId: string, attempts: number, hash: string): Promise<void> {
    await this.producer.publish(
      syncStatusMessage({ ...command, eventOccurredAt: command.eventOccurredAt }, 'delivery', 'delivered', {
        erpKind: command.erpKind,
        recordType: command.recordType,
        externalId: command.externalId,
        erpRecordId,
        attempts,
        contentHash: hash,
        configVersion: command.configVersion,
      }),
    );
  }
}
