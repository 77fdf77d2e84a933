import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every dead-lettered message of every service, kept for support to list, inspect and replay. */
export class CreateDeadLetter1795400900000 implements MigrationInterface {
  name = 'CreateDeadLetter1795400900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dead_letter (
        dead_letter_id   text        PRIMARY KEY,
        tenant_id        text,
        service          text        NOT NULL,
        event_id         text,
        source_topic     text        NOT NULL,
        source_partition int         NOT NULL,
        source_offset    text        NOT NULL,
        message_key      bytea,
        message_value    bytea,
        headers          jsonb       NOT NULL DEFAULT '{}',
        error_class      text        NOT NULL,
        error_code       text        NOT NULL,
        error_message    text        NOT NULL,
        attempts         int         NOT NULL,
        first_failed_at  timestamptz NOT NULL,
        dead_lettered_at timestamptz NOT NULL,
        replay_count     int         NOT NULL DEFAULT 0,
        status           text        NOT NULL DEFAULT 'open',
        replayed_at      timestamptz,
        replayed_to      text,
        CHECK (status IN ('open', 'replayed'))
      )`);
    await queryRunner.query(`CREATE INDEX dead_letter_tenant_time ON dead_letter (tenant_id, dead_lettered_at DESC)`);
    await queryRunner.query(`CREATE INDEX dead_letter_event ON dead_letter (tenant_id, event_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dead_letter`);
  }
}
