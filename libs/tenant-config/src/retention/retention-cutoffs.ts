import { RETENTION_DAYS_MAX, RETENTION_DAYS_MIN, type RetentionDays, type RetentionKind } from '@ferry/config';
import type { RetentionPolicy } from '@ferry/contracts';

const DAY_MS = 24 * 3600 * 1000;

/** The RetentionPolicy.avsc field that overrides each kind's fleet default. */
const POLICY_FIELD: Record<RetentionKind, keyof RetentionPolicy> = {
  syncStatus: 'syncStatusDays',
  deadLetter: 'deadLetterDays',
  receivedEvent: 'receivedEventDays',
  reconciliation: 'reconciliationDays',
  delivery: 'deliveryDays',
};

export const RETENTION_KINDS = Object.keys(POLICY_FIELD) as RetentionKind[];

/**
 * How many days a tenant's data of each kind is kept: its policy's value where it set one, else the fleet
 * default. The control plane refuses values outside 1..3650; one that reaches a service anyway (a record
 * written by hand to the topic) is not trusted: the fleet default applies, so a stray 0 never empties a table.
 */
export function retentionDays(policy: RetentionPolicy | null | undefined, defaults: RetentionDays): RetentionDays {
  const days = { ...defaults };
  for (const kind of RETENTION_KINDS) {
    const set = policy?.[POLICY_FIELD[kind]];
    if (typeof set === 'number' && Number.isInteger(set) && set >= RETENTION_DAYS_MIN && set <= RETENTION_DAYS_MAX) days[kind] = set;
  }
  return days;
}

/** Rows of each kind recorded before its cutoff are past the tenant's retention at `now`. */
export type RetentionCutoffs = Record<RetentionKind, Date>;

export function retentionCutoffs(policy: RetentionPolicy | null | undefined, defaults: RetentionDays, now: Date): RetentionCutoffs {
  const days = retentionDays(policy, defaults);
  const cutoffs = {} as RetentionCutoffs;
  for (const kind of RETENTION_KINDS) cutoffs[kind] = new Date(now.getTime() - days[kind] * DAY_MS);
  return cutoffs;
}
