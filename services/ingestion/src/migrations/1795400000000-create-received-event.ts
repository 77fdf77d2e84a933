import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReceivedEvent1795400000000 implements MigrationInterface {
  name = 'CreateReceivedEvent1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE received_event (
        tenant_id   text        NOT NULL,
        event_id    text        NOT NULL,
        record_name text        NOT NULL,
        source      text        NOT NULL CHECK (source IN ('kafka', 'http')),
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX received_event_received_at ON received_event (received_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE received_event`);
  }
}
