import { z } from 'zod';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';
import { retentionEnvShape, toRetentionConfig } from './retention-env';

const schema = z.object(retentionEnvShape);
const load = (env: Record<string, string>) => toRetentionConfig(loadConfig('test', schema, env));

describe('retention variables', () => {
  it('defaults: hourly, 5000 rows a statement, 90/180/90/180/7 days', () => {
    expect(load({})).toEqual({
      intervalMs: 3_600_000,
      batchSize: 5000,
      defaults: { syncStatus: 90, deadLetter: 180, receivedEvent: 90, reconciliation: 180, delivery: 7 },
    });
  });

  it('reads every variable', () => {
    expect(
      load({
        RETENTION_SYNC_STATUS_DAYS: '30',
        RETENTION_DEAD_LETTER_DAYS: '60',
        RETENTION_RECEIVED_EVENT_DAYS: '14',
        RETENTION_RECONCILIATION_DAYS: '365',
        RETENTION_DELIVERY_DAYS: '3',
        RETENTION_INTERVAL_SECONDS: '0',
        RETENTION_BATCH_SIZE: '100',
      }),
    ).toEqual({
      intervalMs: 0,
      batchSize: 100,
      defaults: { syncStatus: 30, deadLetter: 60, receivedEvent: 14, reconciliation: 365, delivery: 3 },
    });
  });

  it.each([
    ['RETENTION_SYNC_STATUS_DAYS', '0', /RETENTION_SYNC_STATUS_DAYS: at least 1 day \(got "0"\)/],
    ['RETENTION_DEAD_LETTER_DAYS', '3651', /RETENTION_DEAD_LETTER_DAYS: at most 3650 days/],
    ['RETENTION_RECEIVED_EVENT_DAYS', '1.5', /RETENTION_RECEIVED_EVENT_DAYS: must be a whole number of days/],
    ['RETENTION_INTERVAL_SECONDS', '-1', /RETENTION_INTERVAL_SECONDS/],
    ['RETENTION_BATCH_SIZE', '0', /RETENTION_BATCH_SIZE/],
  ])('refuses %s=%s with a message naming it', (variable, value, message) => {
    expect(() => load({ [variable]: value })).toThrow(ConfigError);
    expect(() => load({ [variable]: value })).toThrow(message);
  });

  it('reports every bad variable at once', () => {
    expect(() => load({ RETENTION_SYNC_STATUS_DAYS: '0', RETENTION_DELIVERY_DAYS: '99999' })).toThrow(
      /RETENTION_SYNC_STATUS_DAYS[\s\S]*RETENTION_DELIVERY_DAYS/,
    );
  });
});
