/**
 * Whether a PostgreSQL failure means "the database is not there right now" (wait and try again) rather than
 * "this statement cannot succeed" (bad data, a bug). Network errors carry no SQLSTATE; server-side unavailability
 * is classes 08 (connection), 53 (resources), 57 (shutdown, admin), 58 (system); serialization failures and
 * deadlocks succeed when tried again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return ['08', '53', '57', '58'].includes(code.slice(0, 2)) || code === '40001' || code === '40P01';
}
