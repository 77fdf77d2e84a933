import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { LOCAL_DEFAULTS } from '@ferry/config';
import { openServiceDataSource } from './database.module';
import { CreateOperatorAudit1795402300000 } from './migrations/1795402300000-create-operator-audit';
import { OperatorAuditRepository } from './operator-audit.repository';

/** Real: PostgreSQL (DATABASE_URL, else the local one), the operator_audit migration and the repository's SQL. */
const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;
const name = `${process.env['FERRY_IT_DATABASE_PREFIX'] ?? 'ferry_it_'}audit_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

describe('OperatorAuditRepository against PostgreSQL', () => {
  let dataSource: DataSource;
  let audit: OperatorAuditRepository;

  beforeAll(async () => {
    dataSource = await openServiceDataSource(
      { serverUrl, name, entities: [], migrations: [CreateOperatorAudit1795402300000] },
      { logging: false },
    );
    audit = new OperatorAuditRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    } finally {
      await admin.end();
    }
  });

  it("keeps who did what, before and after and why, and answers a tenant's entries newest first, its own only", async () => {
    await audit.record({
      tenantId: 'acme',
      actor: 'operator:sam',
      action: 'delivery-lane.resume',
      subject: 'ns',
      before: { parked: true },
      after: { parked: false },
      reason: 'maintenance over',
    });
    await audit.record({
      tenantId: 'globex',
      actor: 'operator',
      action: 'dead-letters.replay',
      subject: 'ids:dl-1',
      before: null,
      after: null,
      reason: null,
    });
    await audit.record({
      tenantId: 'acme',
      actor: 'api-key:abc',
      action: 'dead-letters.replay',
      subject: 'ids:dl-2',
      before: { open: ['dl-2'] },
      after: { items: [] },
      reason: null,
    });

    const entries = await audit.listForTenant('acme', 10);
    expect(entries.map((entry) => [entry.actor, entry.action])).toEqual([
      ['api-key:abc', 'dead-letters.replay'],
      ['operator:sam', 'delivery-lane.resume'],
    ]);
    expect(entries[1]).toMatchObject({ subject: 'ns', before: { parked: true }, after: { parked: false }, reason: 'maintenance over' });
    expect(Date.parse(entries[1]!.at)).not.toBeNaN();
    expect(await audit.listForTenant('acme', 1)).toHaveLength(1);
  });
});
