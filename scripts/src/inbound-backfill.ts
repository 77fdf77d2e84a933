import { DataSource } from 'typeorm';
import { ConfigError, databaseEnvSchema, defaultDatabaseName, loadConfig } from '@ferry/config';
import { databaseUrl } from '@ferry/database';
import { ERP_EVENT_FEEDS, erpEventCursorKey } from '../../services/inbound-sync/src/erp-events/erp-event-feeds';
import { backfillProgress } from '../../services/inbound-sync/src/erp-events/backfill-progress';
import { InboundCursorRepository } from '../../services/inbound-sync/src/sync/inbound-cursor.repository';
import { cliArgs, repeatedArg } from './cli-args';

const USAGE =
  'usage: npm run inbound:backfill -- --tenant <id> --connection <id> --erp <kind> --since <ISO time> [--record-type <t>[,<t>…]] [--watch-seconds <n>] [--database-prefix <p>]';
const PREFIX = 'erp-events/';

/**
 * npm run inbound:backfill: sends a tenant connection's ERP changes since a time to the product (a feed's first
 * run reads nothing older). Moves the ERP event cursors of the connection back to --since; the running
 * inbound-sync then reads every change from then on its next poll. Prints each feed's progress every two
 * seconds until every feed has been read or --watch-seconds (default 120) pass.
 */
async function main(): Promise<number> {
  const args = cliArgs();
  const { tenant, connection, erp, since } = args;
  if (!tenant || !connection || !erp || !since) throw new Error(USAGE);
  if (!Number.isFinite(Date.parse(since))) throw new Error(`--since must be an ISO 8601 time, got "${since}"`);
  const feeds = ERP_EVENT_FEEDS[erp];
  if (!feeds) throw new Error(`no ERP event feeds for ${erp}; known: ${Object.keys(ERP_EVENT_FEEDS).join(', ')}`);
  const requested = repeatedArg('record-type');
  const unknown = requested.filter((type) => !feeds.some((feed) => feed.recordType === type));
  if (unknown.length > 0)
    throw new Error(`${erp} has no feed ${unknown.join(', ')}; its feeds: ${feeds.map((f) => f.recordType).join(', ')}`);
  const recordTypes = requested.length > 0 ? requested : feeds.map((feed) => feed.recordType);
  const watchSeconds = Number(args['watch-seconds'] ?? 120);

  const { DATABASE_URL: serverUrl } = loadConfig('inbound:backfill', databaseEnvSchema(), process.env);
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl(serverUrl, defaultDatabaseName('inbound-sync', args['database-prefix'])),
  });
  await dataSource.initialize();
  try {
    const cursors = new InboundCursorRepository(dataSource);
    const since = new Date(Date.parse(args['since']!)).toISOString();
    for (const recordType of recordTypes)
      await cursors.moveTo(erpEventCursorKey({ tenantId: tenant, connectionId: connection, erpKind: erp, recordType }), since);
    const requestedAt = new Date();
    process.stdout.write(
      `inbound:backfill: ${tenant}/${connection}: ${recordTypes.join(', ')} read again from ${since} on inbound-sync's next poll\n`,
    );
    const deadline = Date.now() + watchSeconds * 1000;
    for (;;) {
      const progress = backfillProgress(requestedAt, await cursors.cursorsOf(tenant, connection, PREFIX), PREFIX).filter((p) =>
        recordTypes.includes(p.feed),
      );
      process.stdout.write(
        `  ${progress.map((p) => (p.state === 'read' ? `${p.feed}: read up to ${p.readUpTo}` : `${p.feed}: waiting`)).join(' | ')}\n`,
      );
      if (progress.every((p) => p.state === 'read')) {
        process.stdout.write('inbound:backfill: every feed read; the changes are on ferry.erp-events.v1\n');
        return 0;
      }
      if (Date.now() > deadline) {
        process.stdout.write(
          `inbound:backfill: stopped watching after ${watchSeconds} s; a feed still waiting is either not polled yet (is inbound-sync running?) or had no change since ${since}\n`,
        );
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `inbound:backfill: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
