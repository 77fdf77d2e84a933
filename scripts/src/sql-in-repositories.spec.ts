import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * SQL lives only in repositories (`*.repository.ts`) and migrations: services, consumers and controllers call a
 * repository method named by what it returns or does. This spec keeps it that way by reading the sources.
 */

const ROOT = join(__dirname, '..', '..');
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', '.ferry', 'target', 'coverage', 'migrations']);

/**
 * Files that run statements and are not repositories, each with why: the database plumbing itself (creating a
 * service's database, LISTEN, the raw-rows helper repositories use, the migrations' advisory lock), the health
 * check's `SELECT 1`, and test fixtures (throwaway databases, rows a spec inspects: inbound-sync's feed cursors).
 */
const PLUMBING = new Set([
  'libs/database/src/ensure-database.ts',
  'libs/database/src/locked-migrations.ts',
  'libs/delivery/src/testing/throwaway-delivery-database.ts',
  'libs/database/src/notification-listener.ts',
  'libs/database/src/query-rows.ts',
  'libs/platform/src/health.service.ts',
  'libs/testing/src/test-database.ts',
  'libs/testing/src/erp-event-feeds.ts',
]);

/** A statement run through TypeORM or pg: `.query(`, the query builder, an entity repository, or `queryRows(`. */
const RUNS_SQL = /\.query\s*\(|createQueryBuilder\s*\(|getRepository\s*\(|\bqueryRows\s*(<[^>]*>)?\s*\(/;

function sourcesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : sourcesUnder(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|fault-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Where a file outside the repositories runs SQL, as `path:line`. */
export function sqlOutsideRepositories(files: { path: string; text: string }[]): string[] {
  return files
    .filter(({ path }) => !path.endsWith('.repository.ts') && !PLUMBING.has(path))
    .flatMap(({ path, text }) =>
      text.split('\n').flatMap((line, index) => (RUNS_SQL.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${path}:${index + 1}`] : [])),
    );
}

describe('SQL only in repositories', () => {
  it.each([
    ['a service running a statement', 'services/x/src/x.service.ts', 'await this.dataSource.query(`SELECT 1`);', 1],
    ['a controller in a transaction', 'services/x/src/x.controller.ts', 'await manager.query(`INSERT INTO t VALUES (1)`);', 1],
    ['a query builder in a consumer', 'services/x/src/x.consumer.ts', 'dataSource.createQueryBuilder().select()', 1],
    ['raw rows in a service', 'services/x/src/x.service.ts', 'const rows = await queryRows<Row>(this.dataSource, sql);', 1],
    ['a repository', 'services/x/src/x.repository.ts', 'await this.dataSource.query(`SELECT 1`);', 0],
    ['a comment that mentions a query', 'services/x/src/x.service.ts', '  // the repository runs .query(…) for us', 0],
    ['an HTTP request query string', 'services/x/src/x.controller.ts', 'const since = request.query.since;', 0],
  ])('%s (%s) is %i finding(s)', (_case, path, text, expected) => {
    expect(sqlOutsideRepositories([{ path, text }])).toHaveLength(expected);
  });

  it('no service or lib runs SQL outside a repository or a migration', () => {
    const files = ['libs', 'services'].flatMap((top) =>
      sourcesUnder(join(ROOT, top)).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') })),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(sqlOutsideRepositories(files)).toEqual([]);
  });
});
