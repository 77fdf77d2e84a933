import type { TenantSpec } from '../tenants/tenant-spec';

/** A spec or configuration as it may be shown or audited: sealed credentials become "[sealed with key <id>]". */
export function redactSealed<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, field: unknown) => {
      if (key === 'sealedCredentials' && typeof field === 'string') return `[sealed with key ${field.split('.')[1] ?? '?'}]`;
      if (key === 'credentials' && field && typeof field === 'object')
        return Object.fromEntries(Object.keys(field).map((name) => [name, '[redacted]']));
      return field;
    }),
  ) as T;
}

export function redactSpec(spec: TenantSpec | null): TenantSpec | null {
  return spec ? redactSealed(spec) : null;
}
