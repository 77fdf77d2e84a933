import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * master-data's own tables: every source record it matched (the canonical customer record, the source's entity
 * version and its golden id), each golden record (founding order, the last state published, the id it was merged
 * into), steward and split constraints (must-link / cannot-link pairs of record keys) and the steward's review
 * queue. Everything the tenant's matcher needs to be restored at start is here.
 */
export class CreateMasterDataTables1795403100000 implements MigrationInterface {
  name = 'CreateMasterDataTables1795403100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE golden_record (
        tenant_id    text        NOT NULL,
        golden_id    text        NOT NULL,
        founded_seq  bigserial   NOT NULL,
        merged_into  text,
        state        jsonb,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, golden_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE source_record (
        tenant_id      text        NOT NULL,
        record_key     text        NOT NULL,
        source         text        NOT NULL,
        record_id      text        NOT NULL,
        entity_version bigint      NOT NULL,
        record         jsonb       NOT NULL,
        golden_id      text        NOT NULL,
        seq            bigserial   NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, record_key)
      )`);
    await queryRunner.query(`CREATE INDEX source_record_golden ON source_record (tenant_id, golden_id)`);
    await queryRunner.query(`
      CREATE TABLE record_link (
        tenant_id  text        NOT NULL,
        kind       text        NOT NULL CHECK (kind IN ('must', 'cannot')),
        left_key   text        NOT NULL,
        right_key  text        NOT NULL,
        actor      text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, kind, left_key, right_key),
        CHECK (left_key < right_key)
      )`);
    await queryRunner.query(`
      CREATE TABLE match_review (
        review_id   uuid        PRIMARY KEY,
        tenant_id   text        NOT NULL,
        left_key    text        NOT NULL,
        right_key   text        NOT NULL,
        probability float8      NOT NULL,
        weight      float8      NOT NULL,
        status      text        NOT NULL CHECK (status IN ('open', 'merged', 'kept_apart')),
        created_at  timestamptz NOT NULL DEFAULT now(),
        decided_at  timestamptz,
        decided_by  text,
        UNIQUE (tenant_id, left_key, right_key),
        CHECK (left_key < right_key)
      )`);
    await queryRunner.query(`CREATE INDEX match_review_open ON match_review (tenant_id, created_at) WHERE status = 'open'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE match_review`);
    await queryRunner.query(`DROP TABLE record_link`);
    await queryRunner.query(`DROP TABLE source_record`);
    await queryRunner.query(`DROP TABLE golden_record`);
  }
}
