import type { DeliveryCommand } from '@ferry/contracts';

/** A queued command as it was received, with what replay needs (the source event itself is kept only as bytes). */
export interface StoredCommand {
  command: DeliveryCommand;
  sourceValue: Buffer | null;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  headers: Record<string, string>;
  replayCount: number;
}

export const STORED_COLUMNS = 'command, source_value, source_topic, source_partition, source_offset, headers, replay_count';

export interface StoredRow {
  command: DeliveryCommand;
  source_value: Buffer | null;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  headers: Record<string, string>;
  replay_count: number;
}

export function toStored(row: StoredRow): StoredCommand {
  return {
    command: { ...row.command, sourceEvent: null },
    sourceValue: row.source_value,
    sourceTopic: row.source_topic,
    sourcePartition: row.source_partition,
    sourceOffset: row.source_offset,
    headers: row.headers,
    replayCount: row.replay_count,
  };
}
