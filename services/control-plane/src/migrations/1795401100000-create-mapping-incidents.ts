import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMappingIncidents1795401100000 implements MigrationInterface {
  name = 'CreateMappingIncidents1795401100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mapping_incident (
        tenant_id      text        NOT NULL REFERENCES tenant (tenant_id),
        path           text        NOT NULL,
        expression     text,
        entity_type    text        NOT NULL,
        code           text        NOT NULL,
        message        text        NOT NULL,
        config_version int         NOT NULL,
        last_event_id  text        NOT NULL,
        occurrences    int         NOT NULL DEFAULT 1,
        first_seen_at  timestamptz NOT NULL,
        last_seen_at   timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, path, config_version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mapping_incident`);
  }
}
