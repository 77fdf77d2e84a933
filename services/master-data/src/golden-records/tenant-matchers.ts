import { Inject, Injectable } from '@nestjs/common';
import { MatchingEngine, MatchingError, type TenantMatcher } from '@ferry/matching';
import { PLATFORM_CONFIG } from '@ferry/platform';
import type { MasterDataConfig } from '../master-data.config';
import { GoldenRecordRepository } from './golden-record.repository';

/**
 * Every tenant's matcher, restored from the database the first time the tenant is used (its source records with
 * their golden ids, the merged-away ids, must-link and cannot-link pairs). Operations on one tenant run one at a
 * time, in arrival order, whether they come from the consumer or the steward API. When an operation fails for any
 * reason but a refused matching operation (the database was away, say), the tenant's matcher is dropped, so the
 * next operation restores it from what the database holds instead of trusting a half-applied change.
 */
@Injectable()
export class TenantMatchers {
  private readonly engine: MatchingEngine;
  private readonly restored = new Map<string, Promise<TenantMatcher>>();
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repository: GoldenRecordRepository,
    @Inject(PLATFORM_CONFIG) config: MasterDataConfig,
  ) {
    this.engine = new MatchingEngine(() => ({ profile: config.matchProfile }));
  }

  /** Runs `work` on the tenant's matcher after every operation on the tenant queued before it. */
  async withTenant<T>(tenantId: string, work: (matcher: TenantMatcher) => Promise<T>): Promise<T> {
    const previous = this.tails.get(tenantId) ?? Promise.resolve();
    const run = previous.then(async () => {
      const matcher = await this.matcher(tenantId);
      try {
        return await work(matcher);
      } catch (error) {
        if (!(error instanceof MatchingError)) this.forget(tenantId);
        throw error;
      }
    });
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(tenantId, tail);
    void tail.then(() => {
      if (this.tails.get(tenantId) === tail) this.tails.delete(tenantId);
    });
    return run;
  }

  private matcher(tenantId: string): Promise<TenantMatcher> {
    let matcher = this.restored.get(tenantId);
    if (!matcher) {
      matcher = this.restore(tenantId);
      this.restored.set(tenantId, matcher);
      matcher.catch(() => this.forget(tenantId));
    }
    return matcher;
  }

  private async restore(tenantId: string): Promise<TenantMatcher> {
    this.engine.forget(tenantId);
    const matcher = this.engine.tenant(tenantId);
    const [records, aliases, links] = await Promise.all([
      this.repository.sourceRecordsOf(tenantId),
      this.repository.aliasesOf(tenantId),
      this.repository.linksOf(tenantId),
    ]);
    matcher.restore(
      records.map(({ record, goldenId }) => ({ record, goldenId })),
      { aliases, mustLinks: links.mustLinks, cannotLinks: links.cannotLinks },
    );
    return matcher;
  }

  /**
   * Offboarding erased the tenant's rows: once the operations already queued for it have run, its matcher is
   * dropped, so nothing of the tenant stays in memory (a later record starts from the empty database).
   */
  async tenantErased(tenantId: string): Promise<void> {
    await (this.tails.get(tenantId) ?? Promise.resolve());
    this.forget(tenantId);
  }

  private forget(tenantId: string): void {
    this.restored.delete(tenantId);
    this.engine.forget(tenantId);
  }
}
