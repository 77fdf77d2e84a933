import { normaliseText } from '../normalise/text';
import { RECORD_PATHS, readPath, type CustomerRecord } from '../record/customer-record';
import type { MatchSettings, SurvivorshipRule } from '../settings/match-settings';

/** Where a golden record's field value came from: the lineage the golden-customer topic publishes. */
export interface FieldLineage {
  readonly value: string;
  readonly source: string;
  readonly recordId: string;
  readonly updatedAt?: string;
  readonly rule: SurvivorshipRule;
}

export interface GoldenRecord {
  readonly goldenId: string;
  /** Surviving value per record path (name.given, address.postcode, attributes.segment, …). */
  readonly fields: Readonly<Record<string, FieldLineage>>;
  /** Every source record in the cluster, and every id it is known by elsewhere. */
  readonly sourceRecords: readonly { readonly source: string; readonly id: string }[];
  readonly externalIds: readonly { readonly system: string; readonly id: string }[];
}

/** A member record with the order it was first seen in (for first-non-null and as the last tie-break). */
export interface MemberRecord {
  readonly record: CustomerRecord;
  readonly sequence: number;
}

const SURVIVABLE_PATHS = RECORD_PATHS.filter((path) => path !== 'id' && path !== 'source' && path !== 'updatedAt');

/** The golden record of a cluster: for every field, the value its survivorship rule picks, with lineage. */
export function surviveGoldenRecord(
  goldenId: string,
  members: readonly MemberRecord[],
  survivorship: MatchSettings['survivorship'],
): GoldenRecord {
  const attributePaths = [...new Set(members.flatMap(({ record }) => Object.keys(record.attributes)))]
    .sort()
    .map((name) => `attributes.${name}`);
  const fields: Record<string, FieldLineage> = {};
  for (const path of [...SURVIVABLE_PATHS, ...attributePaths]) {
    const rule = survivorship.fields[path] ?? survivorship.default;
    const chosen = chooseValue(path, members, rule, survivorship.sourcePriority);
    if (!chosen) continue;
    const value = readPath(chosen.record, path) ?? '';
    fields[path] = {
      value,
      source: chosen.record.source,
      recordId: chosen.record.id,
      ...(chosen.record.updatedAt ? { updatedAt: chosen.record.updatedAt } : {}),
      rule,
    };
  }
  const externalIds = new Map<string, { system: string; id: string }>();
  for (const { record } of members) for (const ref of record.externalIds) externalIds.set(`${ref.system}\u0000${ref.id}`, ref);
  return {
    goldenId,
    fields,
    sourceRecords: members.map(({ record }) => ({ source: record.source, id: record.id })),
    externalIds: [...externalIds.values()],
  };
}

/** The member whose value of `path` survives under `rule`; undefined when no member has one. */
export function chooseValue(
  path: string,
  members: readonly MemberRecord[],
  rule: SurvivorshipRule,
  sourcePriority: readonly string[],
): MemberRecord | undefined {
  const having = members.filter(({ record }) => readPath(record, path) !== undefined);
  if (having.length === 0) return undefined;
  const newestFirst = [...having].sort(byRecencyDescending);
  switch (rule) {
    case 'mostRecent':
      return newestFirst[0];
    case 'firstNonNull':
      return [...having].sort((a, b) => a.sequence - b.sequence)[0];
    case 'sourcePriority': {
      const rank = (m: MemberRecord): number => {
        const at = sourcePriority.indexOf(m.record.source);
        return at < 0 ? sourcePriority.length : at;
      };
      // Stable sort keeps recency as the tie-break within a source.
      return [...newestFirst].sort((a, b) => rank(a) - rank(b))[0];
    }
    case 'mostComplete': {
      const completeness = (m: MemberRecord): number => (readPath(m.record, path) ?? '').replace(/\s+/g, '').length;
      return [...newestFirst].sort((a, b) => completeness(b) - completeness(a))[0];
    }
    case 'mostFrequent': {
      const counts = new Map<string, number>();
      const normalised = (m: MemberRecord): string => normaliseText(readPath(m.record, path));
      for (const m of having) counts.set(normalised(m), (counts.get(normalised(m)) ?? 0) + 1);
      return [...newestFirst].sort((a, b) => (counts.get(normalised(b)) ?? 0) - (counts.get(normalised(a)) ?? 0))[0];
    }
  }
}

function byRecencyDescending(a: MemberRecord, b: MemberRecord): number {
  const time = (m: MemberRecord): number => {
    const parsed = m.record.updatedAt ? Date.parse(m.record.updatedAt) : NaN;
    return Number.isNaN(parsed) ? -Infinity : parsed;
  };
  const byTime = time(b) - time(a);
  return Number.isNaN(byTime) || byTime === 0 ? b.sequence - a.sequence : byTime;
}
