import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { infrastructure } from '@ferry/kafka';
import type { StatusFileState } from './status-file-step';

/** One status export file as the poller found it. */
export interface StatusFileIdentity {
  tenantId: string;
  connectionId: string;
  fileName: string;
  sha256: string;
}
export interface FoundStatusFile extends StatusFileIdentity {
  sizeBytes: number;
  /** When the SFTP server says the file was last written, or null when it does not say. */
  modifiedAt: Date | null;
}

function unavailable(error: unknown): never {
  throw infrastructure('DATABASE_UNAVAILABLE', `status file books unavailable: ${(error as Error).message}`, error);
}

const KEY = `tenant_id = $1 AND connection_id = $2 AND file_name = $3 AND sha256 = $4`;
const keyOf = (file: StatusFileIdentity) => [file.tenantId, file.connectionId, file.fileName, file.sha256];

/** Queries only: which status export files of a tenant connection Ferry has seen, and how far it got with each. */
@Injectable()
export class ErpStatusFileRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The file's state, or undefined when this name with this content was never seen. */
  async stateOf(file: StatusFileIdentity): Promise<StatusFileState | undefined> {
    const [row] = (await this.dataSource.query(`SELECT state FROM erp_status_file WHERE ${KEY}`, keyOf(file)).catch(unavailable)) as {
      state: StatusFileState;
    }[];
    return row?.state;
  }

  /** Records that publishing starts (a crash from here on publishes again); keeps a later state already there. */
  async claim(file: FoundStatusFile): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO erp_status_file (tenant_id, connection_id, file_name, sha256, size_bytes, modified_at, state)
         VALUES ($1, $2, $3, $4, $5, $6, 'claimed')
         ON CONFLICT (tenant_id, connection_id, file_name, sha256) DO NOTHING`,
        [...keyOf(file), file.sizeBytes, file.modifiedAt],
      )
      .catch(unavailable);
  }

  /** Every event of the file is on Kafka: from now on it is never published again. */
  async markPublished(file: StatusFileIdentity, rowsPublished: number, rowsParked: number): Promise<void> {
    await this.dataSource
      .query(
        `UPDATE erp_status_file SET state = 'published', rows_published = $5, rows_parked = $6, updated_at = now()
         WHERE ${KEY} AND state = 'claimed'`,
        [...keyOf(file), rowsPublished, rowsParked],
      )
      .catch(unavailable);
  }

  async markArchived(file: StatusFileIdentity): Promise<void> {
    await this.dataSource
      .query(`UPDATE erp_status_file SET state = 'archived', updated_at = now() WHERE ${KEY} AND state = 'published'`, keyOf(file))
      .catch(unavailable);
  }

  /** A malformed file: moved to error/, nothing published. */
  async markRejected(file: FoundStatusFile, reason: string): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO erp_status_file (tenant_id, connection_id, file_name, sha256, size_bytes, modified_at, state, reason)
         VALUES ($1, $2, $3, $4, $5, $6, 'rejected', $7)
         ON CONFLICT (tenant_id, connection_id, file_name, sha256) DO UPDATE SET reason = EXCLUDED.reason, updated_at = now()
         WHERE erp_status_file.state IN ('claimed', 'rejected')`,
        [...keyOf(file), file.sizeBytes, file.modifiedAt, reason],
      )
      .catch(unavailable);
  }
}
