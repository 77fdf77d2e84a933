/**
 * A row as an export may show it: sealed credentials become "[sealed]", plain credential objects keep their field
 * names with "[redacted]" values, and secret hashes are dropped, wherever they sit in the row's JSON. An export is
 * a copy of a tenant's data handed out of Ferry: it carries no secret, not even a sealed one.
 */
export function redactSecrets<T>(row: T): T {
  return JSON.parse(
    JSON.stringify(row, (key, field: unknown) => {
      if (SECRET_HASH_KEYS.has(key)) return undefined;
      if ((key === 'sealedCredentials' || key === 'sealed_credentials') && typeof field === 'string') return '[sealed]';
      if (key === 'credentials' && field && typeof field === 'object' && !Array.isArray(field))
        return Object.fromEntries(Object.keys(field).map((name) => [name, '[redacted]']));
      return field;
    }),
  ) as T;
}

const SECRET_HASH_KEYS = new Set(['secretHash', 'secret_hash', 'tokenHash', 'token_hash']);
