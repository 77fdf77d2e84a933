import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit of operator and tenant-admin actions a service performs outside the control plane (dead-letter replays,
 * delivery-lane resumes): who, what, on which tenant and subject, before and after, why when given, when. Shared by
 * every service that has such actions: each lists this migration among its own, in its own database.
 */
export class CreateOperatorAudit1795402300000 implements MigrationInterface {
  name = 'CreateOperatorAudit1795402300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE operator_audit (
        id         bigserial   PRIMARY KEY,
        tenant_id  text        NOT NULL,
        actor      text        NOT NULL,
        action     text        NOT NULL,
        subject    text        NOT NULL,
        before     jsonb,
        after      jsonb,
        reason     text,
        at         timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX operator_audit_tenant_at ON operator_audit (tenant_id, at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE operator_audit`);
  }
}
