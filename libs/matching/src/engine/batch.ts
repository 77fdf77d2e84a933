import type { MatchModel } from '../model/fellegi-sunter';
import type { CustomerRecordInput } from '../record/customer-record';
import type { MatchSettings } from '../settings/match-settings';
import { TenantMatcher, type MatchOutcome, type TenantMatcherOptions } from './tenant-matcher';

export interface BatchProgress {
  readonly phase: 'index' | 'train' | 'cluster';
  readonly done: number;
  readonly total: number;
}

export interface BatchResult {
  readonly matcher: TenantMatcher;
  readonly model: MatchModel;
  readonly outcomes: readonly MatchOutcome[];
}

/**
 * A one-off batch (a steward's clean-up, an onboarding dry run, the benchmark): index every record, fit the
 * model to them unless one is given, then place them all. The result is the tenant matcher itself, so the
 * caller can read golden records, review pairs and explanations from it.
 */
export function matchBatch(
  tenantId: string,
  settings: MatchSettings,
  records: Iterable<CustomerRecordInput>,
  options: TenantMatcherOptions & { onProgress?: (progress: BatchProgress) => void } = {},
): BatchResult {
  const matcher = new TenantMatcher(tenantId, settings, options);
  const inputs = [...records];
  inputs.forEach((record, i) => {
    matcher.stage(record);
    if ((i + 1) % 10_000 === 0 || i + 1 === inputs.length) options.onProgress?.({ phase: 'index', done: i + 1, total: inputs.length });
  });
  if (!options.model) {
    options.onProgress?.({ phase: 'train', done: 0, total: 1 });
    matcher.train();
    options.onProgress?.({ phase: 'train', done: 1, total: 1 });
  }
  const outcomes = matcher.clusterStaged((done, total) => {
    if (done % 10_000 === 0 || done === total) options.onProgress?.({ phase: 'cluster', done, total });
  });
  return { matcher, model: matcher.model, outcomes };
}
