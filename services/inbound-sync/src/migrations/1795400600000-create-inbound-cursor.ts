import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInboundCursor1795400600000 implements MigrationInterface {
  name = 'CreateInboundCursor1795400600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbound_cursor (
        tenant_id      text        NOT NULL,
        connection_id  text        NOT NULL,
        record_type    text        NOT NULL,
        changed_since  text        NOT NULL,
        seen_at_cursor text[]      NOT NULL DEFAULT '{}',
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, connection_id, record_type)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbound_cursor`);
  }
}
