import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ferry's books of the legacy ERP's status export files: one row per tenant, connection, file name and content
 * hash, with its state (claimed, published, archived, rejected), so a file is never published twice, even when
 * it is uploaded again under the same name with the same content, or the poller crashed before archiving it.
 */
export class CreateErpStatusFile1795403100000 implements MigrationInterface {
  name = 'CreateErpStatusFile1795403100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE erp_status_file (
        tenant_id      text        NOT NULL,
        connection_id  text        NOT NULL,
        file_name      text        NOT NULL,
        sha256         text        NOT NULL,
        size_bytes     bigint      NOT NULL,
        modified_at    timestamptz,
        state          text        NOT NULL CHECK (state IN ('claimed', 'published', 'archived', 'rejected')),
        rows_published integer     NOT NULL DEFAULT 0,
        rows_parked    integer     NOT NULL DEFAULT 0,
        reason         text,
        first_seen_at  timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, connection_id, file_name, sha256)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE erp_status_file`);
  }
}
