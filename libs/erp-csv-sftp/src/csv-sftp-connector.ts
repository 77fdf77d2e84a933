import { createHash, randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type SftpClient from 'ssh2-sftp-client';
import {
  ERP_RESPONSE_LIMITS,
  ErpError,
  erpErrorText,
  failedAfterSending,
  recordErpCall,
  type ErpConnectionContext,
  type ErpConnector,
  type ErpRecord,
  type UpsertRequest,
  type UpsertResult,
} from '@ferry/erp-core';
import { boundedSetting } from '@ferry/erp-templates';
import { toCsv } from './csv-file';
import { openSftpSession } from './sftp-session';

interface PendingRow {
  externalId: string;
  payload: Record<string, unknown>;
  resolve(result: UpsertResult): void;
  reject(error: unknown): void;
}

interface PendingBatch {
  connection: ErpConnectionContext;
  recordType: string;
  rows: PendingRow[];
  timer: NodeJS.Timeout;
}

/** A numeric setting, clamped to the bounds the control plane enforces (older configurations may exceed them). */
function setting(connection: ErpConnectionContext, name: string, fallback: number): number {
  return boundedSetting('csv_sftp', connection.settings, name, fallback);
}

/**
 * CSV over SFTP for ERPs without an API. Records are gathered per tenant, connection and record type for the
 * batch window (settings.batchWindowSeconds, or until settings.maxBatchRecords), written as one file (temp name,
 * then renamed), followed by a control file (FILE, RECORDS, SHA256); the ERP's acknowledgement file is then
 * read back and each row's status settles that record's delivery. No acknowledgement within
 * settings.ackTimeoutSeconds is an ambiguous outcome: the file was delivered, the ERP said nothing.
 */
export class CsvSftpConnector implements ErpConnector {
  readonly erpKind = 'csv_sftp';
  private readonly batches = new Map<string, PendingBatch>();

  constructor(private readonly pollIntervalMs = 200) {}

  upsert(connection: ErpConnectionContext, request: UpsertRequest): Promise<UpsertResult> {
    const key = `${connection.tenantId}/${connection.connectionId}/${request.recordType}`;
    return new Promise<UpsertResult>((resolve, reject) => {
      let batch = this.batches.get(key);
      if (!batch) {
        const windowMs = setting(connection, 'batchWindowSeconds', 2) * 1000;
        batch = { connection, recordType: request.recordType, rows: [], timer: setTimeout(() => void this.flush(key), windowMs) };
        this.batches.set(key, batch);
      }
      batch.rows.push({ externalId: request.externalId, payload: request.payload, resolve, reject });
      if (batch.rows.length >= setting(connection, 'maxBatchRecords', 500)) void this.flush(key);
    });
  }

  /** A file drop cannot be read back, so it cannot be reconciled. */
  async listRecords(): Promise<ErpRecord[]> {
    throw new ErpError('validation', 'csv_sftp', 'list', 'a CSV/SFTP drop cannot be read back, so it cannot be reconciled');
  }

  private async flush(key: string): Promise<void> {
    const batch = this.batches.get(key);
    if (!batch) return;
    this.batches.delete(key);
    clearTimeout(batch.timer);
    const { connection, recordType, rows } = batch;
    const labels = { tenantId: connection.tenantId, erp: 'csv_sftp', operation: 'upload' };
    const startedAt = Date.now();
    try {
      const acks = await this.exchange(connection, recordType, rows);
      recordErpCall(labels, 'ok', undefined, startedAt);
      rows.forEach((row, index) => {
        const ack = acks.find((candidate) => candidate['ROW'] === String(index + 1));
        const fileRejection = acks.find((candidate) => candidate['STATUS'] === 'REJECTED_FILE');
        if (fileRejection)
          row.reject(
            new ErpError(
              'validation',
              'csv_sftp',
              'upsert',
              `the ERP rejected the whole file: ${erpErrorText(fileRejection['MESSAGE']) ?? ''}`,
              {
                erpCode: 'REJECTED_FILE',
              },
            ),
          );
        else if (!ack)
          row.reject(
            new ErpError('retryable', 'csv_sftp', 'upsert', `the acknowledgement has no line for row ${index + 1}`, { ambiguous: true }),
          );
        else if (ack['STATUS'] === 'ACCEPTED') row.resolve({ erpRecordId: ack['ERP_ID'] ?? row.externalId });
        else {
          const column = /^(\w+) (is required|\S+ does not exist)/.exec(ack['MESSAGE'] ?? '')?.[1];
          row.reject(
            new ErpError('validation', 'csv_sftp', 'upsert', `the ERP rejected row ${index + 1}: ${erpErrorText(ack['MESSAGE']) ?? ''}`, {
              erpCode: erpErrorText(ack['STATUS'], 100) ?? 'REJECTED',
              ...(column ? { erpPath: column } : {}),
            }),
          );
        }
      });
    } catch (error) {
      const failure =
        error instanceof ErpError ? error : new ErpError('retryable', 'csv_sftp', 'upload', (error as Error).message, { cause: error });
      recordErpCall(labels, failure.errorClass, undefined, startedAt);
      rows.forEach((row) => row.reject(failure));
    }
  }

  private async exchange(connection: ErpConnectionContext, recordType: string, rows: PendingRow[]): Promise<Record<string, string>[]> {
    const data = toCsv(rows, { escapeFormulas: connection.settings['escapeFormulas'] !== 'false' });
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const name = `${recordType}_${stamp}_${randomBytes(4).toString('hex')}.csv`;
    const control = `FILE=${name}\nRECORDS=${rows.length}\nSHA256=${createHash('sha256').update(data).digest('hex')}\n`;
    const inbound = connection.settings['inboundDirectory'] ?? '/inbound';
    const outbound = connection.settings['acknowledgementDirectory'] ?? '/outbound';
    const client = await openSftpSession(connection);
    try {
      // Temp names then renames: the ERP never sees a half-written file, and sees the data before its control file.
      await client.put(Buffer.from(data), `${inbound}/${name}.tmp`);
      await client.rename(`${inbound}/${name}.tmp`, `${inbound}/${name}`);
      const controlName = name.replace(/\.csv$/, '.ctl');
      await client.put(Buffer.from(control), `${inbound}/${controlName}.tmp`);
      await client.rename(`${inbound}/${controlName}.tmp`, `${inbound}/${controlName}`);
      const ackPath = `${outbound}/${name}.ack.csv`;
      const deadline = Date.now() + setting(connection, 'ackTimeoutSeconds', 60) * 1000;
      while (!(await client.exists(ackPath))) {
        if (Date.now() > deadline) {
          throw new ErpError(
            'retryable',
            'csv_sftp',
            'acknowledge',
            `no acknowledgement for ${name} within ${setting(connection, 'ackTimeoutSeconds', 60)} s; the file was delivered`,
            { ambiguous: true },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
      }
      // Read at most one byte past the cap: an acknowledgement file that keeps growing is not held in memory.
      const limit = ERP_RESPONSE_LIMITS.maxBodyBytes;
      const ack = (await client.get(ackPath, undefined, {
        // ssh2's read stream honours start/end (inclusive) like fs streams; the typings leave them out.
        readStreamOptions: { start: 0, end: limit } as SftpClient.ReadStreamOptions,
      })) as Buffer;
      if (ack.length > limit)
        throw new ErpError('validation', 'csv_sftp', 'acknowledge', `the acknowledgement ${ackPath} is larger than ${limit} bytes`, {
          erpCode: 'RESPONSE_TOO_LARGE',
        });
      await client.delete(ackPath);
      return parse(ack, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    } catch (error) {
      if (error instanceof ErpError) throw error;
      throw new ErpError('retryable', 'csv_sftp', 'upload', `SFTP transfer failed: ${(error as Error).message}`, {
        cause: error,
        ambiguous: failedAfterSending(error),
      });
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
