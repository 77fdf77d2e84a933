import { Client } from 'pg';

/** Connection URL for one database on the server DATABASE_URL points at. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates the service's database on first use, so a fresh PostgreSQL server needs no manual step.
 * Two replicas racing here both succeed: "already exists" is the answer we wanted.
 */
export async function ensureDatabase(serverUrl: string, name: string): Promise<'created' | 'existed'> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`refusing to create database with unsafe name "${name}"`);
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const { hostname, port } = new URL(serverUrl);
    throw new Error(`PostgreSQL is not reachable at ${hostname}:${port || 5432} (DATABASE_URL): ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return 'existed';
    try {
      await client.query(`CREATE DATABASE "${name}"`);
      return 'created';
    } catch (error) {
      if ((error as { code?: string }).code === '42P04' || (error as { code?: string }).code === '23505') return 'existed';
      throw error;
    }
  } finally {
    await client.end();
  }
}
