import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of a raw statement, whatever kind it is. TypeORM answers SELECT and INSERT … RETURNING with the rows but
 * UPDATE / DELETE … RETURNING with [rows, affected count]; asking for its structured result removes the guesswork.
 */
export async function queryRows<T>(executor: DataSource | EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const ownRunner = 'createQueryRunner' in executor && !('queryRunner' in executor && executor.queryRunner);
  const runner = ownRunner ? (executor as DataSource).createQueryRunner() : (executor as EntityManager).queryRunner;
  if (!runner) return (await executor.query(sql, parameters)) as T[];
  try {
    const result = await runner.query(sql, parameters, true);
    return result.records as T[];
  } finally {
    if (ownRunner) await runner.release();
  }
}
