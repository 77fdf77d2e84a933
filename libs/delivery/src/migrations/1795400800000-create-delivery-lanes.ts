import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable side of delivery: every accepted command waits in delivery_queue until it reaches a final state;
 * delivery_entity remembers the newest version written per ERP record (stale detection); delivery_lane holds
 * which replica drives each tenant × connection, and whether the lane is parked.
 */
export class CreateDeliveryLanes1795400800000 implements MigrationInterface {
  name = 'CreateDeliveryLanes1795400800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivery_queue (
        id                 bigserial   PRIMARY KEY,
        tenant_id          text        NOT NULL,
        connection_id      text        NOT NULL,
        command_id         text        NOT NULL,
        event_id           text        NOT NULL,
        entity_type        text        NOT NULL,
        entity_version     bigint      NOT NULL,
        record_type        text        NOT NULL,
        external_id        text        NOT NULL,
        command            jsonb       NOT NULL,
        source_value       bytea,
        source_topic       text        NOT NULL,
        source_partition   int         NOT NULL,
        source_offset      text        NOT NULL,
        headers            jsonb       NOT NULL DEFAULT '{}',
        replay_count       int         NOT NULL DEFAULT 0,
        state              text        NOT NULL DEFAULT 'pending',
        attempts           int         NOT NULL DEFAULT 0,
        throttled          int         NOT NULL DEFAULT 0,
        needs_lookup       boolean     NOT NULL DEFAULT false,
        next_attempt_at    timestamptz NOT NULL DEFAULT now(),
        first_failed_at    timestamptz,
        last_error_class   text,
        last_error_code    text,
        last_error_message text,
        outcome_detail     text,
        erp_record_id      text,
        content_hash       text,
        accepted_at        timestamptz NOT NULL DEFAULT now(),
        finished_at        timestamptz,
        reported           boolean     NOT NULL DEFAULT false,
        UNIQUE (tenant_id, command_id),
        CHECK (state IN ('pending', 'in_flight', 'delivered', 'stale', 'dead_lettered'))
      )`);
    await queryRunner.query(
      `CREATE INDEX delivery_queue_unfinished ON delivery_queue (tenant_id, connection_id, id) WHERE state IN ('pending', 'in_flight')`,
    );
    await queryRunner.query(
      `CREATE INDEX delivery_queue_unreported ON delivery_queue (tenant_id, connection_id, id)
       WHERE NOT reported AND state IN ('delivered', 'stale', 'dead_lettered')`,
    );
    await queryRunner.query(
      `CREATE INDEX delivery_queue_entity ON delivery_queue (tenant_id, connection_id, record_type, external_id) WHERE state = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX delivery_queue_finished ON delivery_queue (finished_at) WHERE reported`);
    await queryRunner.query(`
      CREATE TABLE delivery_entity (
        tenant_id            text        NOT NULL,
        connection_id        text        NOT NULL,
        record_type          text        NOT NULL,
        external_id          text        NOT NULL,
        delivered_version    bigint      NOT NULL,
        delivered_command_id text        NOT NULL,
        erp_record_id        text        NOT NULL,
        delivered_at         timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, connection_id, record_type, external_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE delivery_lane (
        tenant_id             text        NOT NULL,
        connection_id         text        NOT NULL,
        owner                 text,
        lease_until           timestamptz NOT NULL DEFAULT 'epoch',
        epoch                 bigint      NOT NULL DEFAULT 0,
        parked_reason         text,
        parked_at             timestamptz,
        parked_config_version int,
        updated_at            timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, connection_id)
      )`);
    await queryRunner.query(`ALTER TABLE delivery_ledger ADD COLUMN confirmed_by text NOT NULL DEFAULT 'write'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE delivery_ledger DROP COLUMN confirmed_by`);
    await queryRunner.query(`DROP TABLE delivery_lane`);
    await queryRunner.query(`DROP TABLE delivery_entity`);
    await queryRunner.query(`DROP TABLE delivery_queue`);
  }
}
