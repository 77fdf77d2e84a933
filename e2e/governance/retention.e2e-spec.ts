import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { controlPlaneClient } from '@ferry/api-clients';
import { databaseUrl } from '@ferry/database';
import { onboardNetSuiteTenant, startFerry, testStack, waitUntil, type E2eEnvironment } from '@ferry/testing';

/**
 * Retention end to end (docs/governance.md#retention): a tenant admin sets the tenant's retention through the
 * control-plane API (the generated client), the configuration travels over ferry.tenant-configuration.v1, and
 * observability's scheduled job (every 2 s here, under its lease) deletes that tenant's sync statuses past it,
 * while another tenant's statuses of the same age, kept by the 90-day fleet default, and the tenant's own recent
 * ones stay. The aged rows are written straight into observability's database: waiting 30 days is not an option.
 */
const SERVICES = ['netsuite-simulator', 'control-plane', 'observability'] as const;
const PURPOSE = 'retention';

describe('retention: a tenant’s retention set through the API empties only its old sync statuses', () => {
  const run = randomUUID().slice(0, 6);
  const short = `ret-${run}-short`;
  const other = `ret-${run}-other`;
  let ferry: E2eEnvironment;
  let database: Client;
  let shortAdminKey = '';

  const statusIds = async (tenantId: string) =>
    (
      (await database.query(`SELECT status_id FROM sync_status_record WHERE tenant_id = $1 ORDER BY status_id`, [tenantId])) as {
        rows: { status_id: string }[];
      }
    ).rows.map((row) => row.status_id);

  async function agedStatus(tenantId: string, name: string, daysAgo: number): Promise<void> {
    await database.query(
      `INSERT INTO sync_status_record (status_id, tenant_id, event_id, entity_type, entity_id, stage, status, recorded_at)
       VALUES ($1, $2, $1, 'customer', 'c-1', 'delivery', 'delivered', now() - $3 * interval '1 day')`,
      [`${tenantId}/${name}`, tenantId, daysAgo],
    );
  }

  beforeAll(async () => {
    ferry = await startFerry({ purpose: PURPOSE, services: SERVICES, env: { RETENTION_INTERVAL_SECONDS: '2', RETENTION_BATCH_SIZE: '2' } });
    for (const [tenantId, suffix] of [
      [short, 'S'],
      [other, 'O'],
    ] as const) {
      const onboarded = await onboardNetSuiteTenant({
        controlPlane: ferry.controlPlane,
        tenantId,
        accountId: `TSTDRV-RET${run.toUpperCase()}${suffix}`,
        simulatorUrl: ferry.simulatorUrl,
      });
      if (tenantId === short) shortAdminKey = onboarded.apiKey;
    }
    database = new Client({ connectionString: databaseUrl(testStack().databaseUrl, `ferry_${PURPOSE}_observability`) });
    await database.connect();
  });

  afterAll(async () => {
    await database?.end();
    await ferry?.stop();
  });

  it('refuses a retention outside 1..3650 days with a message naming the field', async () => {
    const api = controlPlaneClient({ baseUrl: ferry.processes.url('control-plane'), token: ferry.operatorToken });
    const refused = await api.PUT('/v1/tenants/{tenantId}/policies', {
      params: { path: { tenantId: short } },
      body: { retention: { syncStatusDays: 0 } },
    });
    expect(refused.response.status).toBe(400);
    expect(JSON.stringify(refused.error)).toMatch(/retention\.syncStatusDays: at least 1 day/);
  });

  it('deletes the tenant’s statuses older than its 30 days, batch by batch, and keeps its recent ones and the other tenant’s', async () => {
    for (let i = 0; i < 5; i += 1) await agedStatus(short, `40d-${i}`, 40);
    await agedStatus(short, '10d', 10);
    await agedStatus(other, '40d', 40);
    await agedStatus(other, '100d', 100);
    // Before any policy, the fleet default (90 days) applies to both: only the other tenant's 100-day status goes.
    await waitUntil(
      'the 100-day status gone under the fleet default',
      async () => !(await statusIds(other)).includes(`${other}/100d`),
      30_000,
    );
    expect(await statusIds(short)).toHaveLength(6);

    const asTenantAdmin = controlPlaneClient({ baseUrl: ferry.processes.url('control-plane'), token: shortAdminKey });
    const set = await asTenantAdmin.PUT('/v1/tenants/{tenantId}/policies', {
      params: { path: { tenantId: short } },
      body: { retention: { syncStatusDays: 30 } },
    });
    expect(set.response.status).toBe(200);

    await waitUntil('the tenant’s 40-day statuses deleted', async () => (await statusIds(short)).length === 1, 60_000);
    expect(await statusIds(short)).toEqual([`${short}/10d`]);
    // A few more runs of the job: the other tenant's 40-day status, within the fleet default, stays.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(await statusIds(other)).toEqual([`${other}/40d`]);

    const metrics = await (await fetch(ferry.processes.metricsUrl('observability'))).text();
    const deleted = /^ferry_retention_rows_deleted_total\{[^}]*table="sync_status_record"[^}]*\} (\d+)$/m.exec(metrics);
    expect(Number(deleted?.[1])).toBeGreaterThanOrEqual(6);
    expect(metrics).toMatch(/^ferry_retention_last_run_timestamp_seconds\{[^}]*outcome="complete"[^}]*\} \d/m);
  });
});
