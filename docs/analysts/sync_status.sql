-- A table for ferry.sync-status.v1 in PostgreSQL, filled from sync_status.py's CSV:
--   psql "$DB" -f sync_status.sql
--   python3 sync_status.py --format csv | psql "$DB" -c "\copy sync_status FROM STDIN WITH (FORMAT csv, HEADER)"
-- A status published twice (same status_id) is kept once: load into a staging copy and INSERT … ON CONFLICT
-- DO NOTHING when you load the topic again.
CREATE TABLE IF NOT EXISTS sync_status (
  recorded_at       timestamptz NOT NULL,
  tenant_id         text        NOT NULL,
  entity_type       text        NOT NULL,
  entity_id         text        NOT NULL,
  event_id          text        NOT NULL,
  correlation_id    text        NOT NULL,
  stage             text        NOT NULL,
  status            text        NOT NULL,
  direction         text,
  source_system     text,
  event_occurred_at timestamptz,
  latency_ms        bigint,
  connection_id     text,
  erp_kind          text,
  record_type       text,
  external_id       text,
  erp_record_id     text,
  attempts          int,
  error_class       text,
  error_code        text,
  error_message     text,
  error_path        text,
  config_version    int,
  status_id         text        NOT NULL
);

-- What happened to each order, and how long it took: routed, final outcome, completion time.
CREATE OR REPLACE VIEW order_journeys AS
SELECT tenant_id,
       entity_id                                                                           AS order_id,
       event_id,
       connection_id,
       min(event_occurred_at)                                                              AS occurred_at,
       min(recorded_at) FILTER (WHERE status = 'routed')                                   AS routed_at,
       max(recorded_at) FILTER (WHERE stage = 'delivery' AND status IN ('delivered', 'skipped', 'dead_lettered')) AS finished_at,
       (array_agg(status ORDER BY recorded_at DESC) FILTER (WHERE stage = 'delivery'))[1] AS last_delivery_status,
       max(latency_ms) FILTER (WHERE status = 'delivered')                                 AS completion_ms,
       max(attempts)                                                                       AS attempts
FROM sync_status
WHERE entity_type = 'sales_order' AND connection_id IS NOT NULL
GROUP BY tenant_id, entity_id, event_id, connection_id;
