import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateControlPlaneTables1795400400000 implements MigrationInterface {
  name = 'CreateControlPlaneTables1795400400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tenant (
        tenant_id       text        PRIMARY KEY,
        current_version int         NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE tenant_configuration_version (
        tenant_id     text        NOT NULL REFERENCES tenant (tenant_id),
        version       int         NOT NULL,
        spec          jsonb       NOT NULL,
        configuration jsonb       NOT NULL,
        changed_by    text        NOT NULL,
        change        text        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE api_key (
        key_id      text        PRIMARY KEY,
        tenant_id   text        NOT NULL REFERENCES tenant (tenant_id),
        scopes      text[]      NOT NULL,
        secret_hash text        NOT NULL,
        label       text,
        created_by  text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX api_key_tenant ON api_key (tenant_id)`);
    await queryRunner.query(`
      CREATE TABLE audit_record (
        audit_id   bigserial   PRIMARY KEY,
        tenant_id  text        NOT NULL,
        at         timestamptz NOT NULL DEFAULT now(),
        actor      text        NOT NULL,
        action     text        NOT NULL,
        version    int,
        before     jsonb,
        after      jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_record_tenant ON audit_record (tenant_id, at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_record`);
    await queryRunner.query(`DROP TABLE api_key`);
    await queryRunner.query(`DROP TABLE tenant_configuration_version`);
    await queryRunner.query(`DROP TABLE tenant`);
  }
}
