import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { infrastructure } from '@ferry/kafka';

export interface WebhookReceipt {
  tenantId: string;
  connectionId: string;
  /** Hash of the signed timestamp and body (webhookAdmission's receiptKey). */
  receiptKey: string;
  events: number;
}

/** Queries only: the signed webhook deliveries inbound-sync took, so a replay publishes nothing. */
@Injectable()
export class ErpWebhookReceiptRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `publish` once per delivery: the receipt is inserted in a transaction that commits only after
   * `publish` resolved. The same delivery arriving meanwhile waits on the row and then finds it (`duplicate`);
   * a failed publish rolls the receipt back, so the sender's retry is taken. Receipts older than
   * `keepSeconds` (the signature tolerance, twice) are removed on the way: such a delivery is refused as stale.
   */
  async once(receipt: WebhookReceipt, keepSeconds: number, publish: () => Promise<void>): Promise<'taken' | 'duplicate'> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw infrastructure('DATABASE_UNAVAILABLE', `webhook receipts unavailable: ${(error as Error).message}`, error);
    }
    try {
      await runner.query(
        `DELETE FROM erp_webhook_receipt WHERE tenant_id = $1 AND connection_id = $2 AND received_at < now() - make_interval(secs => $3)`,
        [receipt.tenantId, receipt.connectionId, keepSeconds],
      );
      const inserted = (await runner.query(
        `INSERT INTO erp_webhook_receipt (tenant_id, connection_id, signature, events) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, connection_id, signature) DO NOTHING RETURNING signature`,
        [receipt.tenantId, receipt.connectionId, receipt.receiptKey, receipt.events],
      )) as unknown[];
      if (inserted.length === 0) {
        await runner.rollbackTransaction();
        return 'duplicate';
      }
      await publish();
      await runner.commitTransaction();
      return 'taken';
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release().catch(() => undefined);
    }
  }
}
