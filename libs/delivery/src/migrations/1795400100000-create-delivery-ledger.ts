import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeliveryLedger1795400100000 implements MigrationInterface {
  name = 'CreateDeliveryLedger1795400100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivery_ledger (
        tenant_id      text        NOT NULL,
        command_id     text        NOT NULL,
        event_id       text        NOT NULL,
        connection_id  text        NOT NULL,
        record_type    text        NOT NULL,
        external_id    text        NOT NULL,
        erp_record_id  text        NOT NULL,
        entity_version bigint      NOT NULL,
        content_hash   text        NOT NULL,
        config_version int         NOT NULL,
        attempts       int         NOT NULL,
        delivered_at   timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, command_id)
      )`);
    await queryRunner.query(`CREATE INDEX delivery_ledger_record ON delivery_ledger (tenant_id, connection_id, record_type, external_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE delivery_ledger`);
  }
}
