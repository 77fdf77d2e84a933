import { Injectable, type OnModuleInit } from '@nestjs/common';
import { counter } from '@ferry/metrics';
import { SyncStatusRepository } from './sync-status.repository';

/**
 * ferry_sync_events_total{tenant_id, entity_type, stage, status} read from the PostgreSQL aggregates at scrape
 * time, so every replica reports the same totals and a restart does not reset them.
 */
@Injectable()
export class SyncMetrics implements OnModuleInit {
  constructor(private readonly repository: SyncStatusRepository) {}

  onModuleInit(): void {
    const repository = this.repository;
    counter(
      'ferry_sync_events_total',
      'Sync outcomes recorded per tenant (from the PostgreSQL aggregates)',
      ['tenant_id', 'entity_type', 'stage', 'status'],
      async function () {
        const rows = await repository.aggregates();
        this.reset();
        for (const row of rows)
          this.inc({ tenant_id: row.tenantId, entity_type: row.entityType, stage: row.stage, status: row.status }, row.eventCount);
      },
    );
  }
}
