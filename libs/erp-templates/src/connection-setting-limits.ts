/** Bounds of a numeric connection setting (settings travel as strings). */
export interface NumericSettingLimit {
  min: number;
  max: number;
  unit: string;
  integer?: boolean;
}

/**
 * Every numeric connection setting a connector reads, per ERP kind, with the range Ferry accepts. A tenant admin
 * sets these; the bounds keep one tenant from holding a delivery replica's memory (a huge batch) or its
 * connections (an endless timeout). The control plane refuses values outside them; connectors clamp to them for
 * configurations saved before a bound existed.
 */
export const CONNECTION_SETTING_LIMITS: Readonly<Record<string, Readonly<Record<string, NumericSettingLimit>>>> = {
  csv_sftp: {
    batchWindowSeconds: { min: 0.1, max: 3600, unit: 'seconds' },
    maxBatchRecords: { min: 1, max: 10_000, unit: 'records', integer: true },
    ackTimeoutSeconds: { min: 1, max: 3600, unit: 'seconds' },
    port: { min: 1, max: 65_535, unit: 'TCP port', integer: true },
  },
};

/** What is wrong with one setting's value, or undefined when it is a number within its bounds. */
export function numericSettingProblem(limit: NumericSettingLimit, raw: string): string | undefined {
  const value = Number(raw);
  const range = `${limit.integer ? 'a whole number' : 'a number'} from ${limit.min} to ${limit.max} (${limit.unit})`;
  if (raw.trim() === '' || !Number.isFinite(value)) return `must be ${range}; got "${raw}"`;
  if (limit.integer && !Number.isInteger(value)) return `must be ${range}; got ${raw}`;
  if (value < limit.min || value > limit.max) return `must be ${range}; got ${raw}`;
  return undefined;
}

/** Every out-of-bounds numeric setting of a connection, by setting name. */
export function connectionSettingProblems(
  erpKind: string,
  settings: Readonly<Record<string, string>>,
): { setting: string; problem: string }[] {
  const limits = CONNECTION_SETTING_LIMITS[erpKind] ?? {};
  return Object.entries(limits).flatMap(([setting, limit]) => {
    const raw = settings[setting];
    const problem = raw === undefined ? undefined : numericSettingProblem(limit, raw);
    return problem ? [{ setting, problem }] : [];
  });
}

/** A numeric setting as a connector uses it: the fallback when unset or unreadable, else clamped to its bounds. */
export function boundedSetting(erpKind: string, settings: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = settings[name];
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(value)) return fallback;
  const limit = CONNECTION_SETTING_LIMITS[erpKind]?.[name];
  return limit ? Math.min(limit.max, Math.max(limit.min, value)) : value;
}
