import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Canonical books and runs as jobs. delivered_record learns which canonical entity version it delivered, and
 * canonical_version holds those bodies, so a run compares fields, not hashes. Keyset paging uses byte order
 * (COLLATE "C") so Ferry's books and the ERP's pages come in the same key order. A run is a job with a lease,
 * progress and a checkpoint a replica resumes from after a crash.
 */
export class AddCanonicalBooksAndRunJobs1795402300000 implements MigrationInterface {
  name = 'AddCanonicalBooksAndRunJobs1795402300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE delivered_record ADD COLUMN entity_type text, ADD COLUMN entity_id text`);
    await queryRunner.query(
      `CREATE INDEX delivered_record_keyset ON delivered_record (tenant_id, connection_id, record_type, external_id COLLATE "C")`,
    );
    await queryRunner.query(`CREATE INDEX delivered_record_erp_id ON delivered_record (tenant_id, connection_id, erp_record_id)`);
    await queryRunner.query(`
      CREATE TABLE canonical_version (
        tenant_id      text        NOT NULL,
        entity_type    text        NOT NULL,
        entity_id      text        NOT NULL,
        entity_version bigint      NOT NULL,
        body           jsonb       NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, entity_type, entity_id, entity_version)
      )`);
    await queryRunner.query(`
      ALTER TABLE reconciliation_run
        ADD COLUMN plan             jsonb,
        ADD COLUMN checkpoint       jsonb,
        ADD COLUMN records_read     bigint NOT NULL DEFAULT 0,
        ADD COLUMN records_compared bigint NOT NULL DEFAULT 0,
        ADD COLUMN findings_found   bigint NOT NULL DEFAULT 0,
        ADD COLUMN running_seconds  double precision NOT NULL DEFAULT 0,
        ADD COLUMN records_expected bigint,
        ADD COLUMN lease_owner      text,
        ADD COLUMN lease_expires_at timestamptz`);
    await queryRunner.query(`CREATE INDEX reconciliation_run_claimable ON reconciliation_run (status, lease_expires_at)`);
    await queryRunner.query(`ALTER TABLE reconciliation_finding ADD COLUMN cause text, ADD COLUMN field_differences jsonb`);
    await queryRunner.query(`CREATE INDEX reconciliation_finding_tenant ON reconciliation_finding (tenant_id, detected_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX reconciliation_finding_tenant`);
    await queryRunner.query(`ALTER TABLE reconciliation_finding DROP COLUMN cause, DROP COLUMN field_differences`);
    await queryRunner.query(`DROP INDEX reconciliation_run_claimable`);
    await queryRunner.query(`
      ALTER TABLE reconciliation_run DROP COLUMN plan, DROP COLUMN checkpoint, DROP COLUMN records_read, DROP COLUMN records_compared,
        DROP COLUMN findings_found, DROP COLUMN running_seconds, DROP COLUMN records_expected, DROP COLUMN lease_owner, DROP COLUMN lease_expires_at`);
    await queryRunner.query(`DROP TABLE canonical_version`);
    await queryRunner.query(`DROP INDEX delivered_record_erp_id`);
    await queryRunner.query(`DROP INDEX delivered_record_keyset`);
    await queryRunner.query(`ALTER TABLE delivered_record DROP COLUMN entity_type, DROP COLUMN entity_id`);
  }
}
