import { MatchingError } from '../matching-error';
import { resolveMatchSettings, type TenantMatchSettings } from '../settings/default-settings';
import type { CustomerRecordInput } from '../record/customer-record';
import { TenantMatcher, type MatchOutcome, type TenantMatcherOptions } from './tenant-matcher';

/**
 * Every tenant's matcher, created on first use from that tenant's declared settings. Matching never crosses
 * tenants: each tenant has its own index, model and clusters, and golden ids are minted from the tenant id.
 */
export class MatchingEngine {
  private readonly tenants = new Map<string, TenantMatcher>();

  constructor(
    private readonly settingsOf: (tenantId: string) => TenantMatchSettings,
    private readonly optionsOf: (tenantId: string) => TenantMatcherOptions = () => ({}),
  ) {}

  tenant(tenantId: string): TenantMatcher {
    if (tenantId.trim() === '') throw new MatchingError('invalid-tenant', 'a tenant id is required');
    let matcher = this.tenants.get(tenantId);
    if (!matcher) {
      matcher = new TenantMatcher(tenantId, resolveMatchSettings(this.settingsOf(tenantId)), this.optionsOf(tenantId));
      this.tenants.set(tenantId, matcher);
    }
    return matcher;
  }

  upsert(tenantId: string, record: CustomerRecordInput): MatchOutcome {
    return this.tenant(tenantId).upsert(record);
  }

  /** Drops a tenant's matcher (its settings changed, or it left); the next use builds it again. */
  forget(tenantId: string): void {
    this.tenants.delete(tenantId);
  }
}
