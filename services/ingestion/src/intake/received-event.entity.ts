import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per (tenant, event id) ever accepted: the de-duplication ledger. */
@Entity({ name: 'received_event' })
export class ReceivedEvent {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'record_name', type: 'text' })
  recordName!: string;

  @Column({ name: 'source', type: 'text' })
  source!: 'kafka' | 'http';

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
