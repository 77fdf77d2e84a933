import { Client } from 'pg';
import { databaseUrl } from '@ferry/database';
import { testStack } from './test-stack';
import { waitUntil } from './wait-until';

/**
 * Waits until inbound-sync (run by startFerry with `purpose`) has started `feeds` ERP event feeds for the tenant.
 * A feed's first poll starts its cursor at that moment and reads nothing older, so an e2e spec changes records in
 * the ERP only after this: otherwise the change may predate the cursor and never come back.
 */
export async function waitForErpEventFeeds(purpose: string, tenantId: string, feeds: number, timeoutMs = 60_000): Promise<void> {
  const database = new Client({ connectionString: databaseUrl(testStack().databaseUrl, `ferry_${purpose}_inbound_sync`) });
  await database.connect();
  try {
    await waitUntil(
      `inbound-sync to start the tenant’s ${feeds} ERP event feeds`,
      async () => {
        const { rows } = await database.query(
          `SELECT record_type FROM inbound_cursor WHERE tenant_id = $1 AND record_type LIKE 'erp-events/%'`,
          [tenantId],
        );
        return rows.length === feeds || undefined;
      },
      timeoutMs,
    );
  } finally {
    await database.end();
  }
}
