import { promqlMetricNames, withGrafanaVariables } from './promql-names';

describe('promqlMetricNames', () => {
  it.each([
    ['ferry_sync_backlog', ['ferry_sync_backlog']],
    ['sum by (tenant_id) (rate(ferry_sync_events_total{status=~"dead_lettered|failed"}[5m]))', ['ferry_sync_events_total']],
    [
      'histogram_quantile(0.95, sum by (le, entity_type) (rate(ferry_sync_completion_seconds_bucket[1m])))',
      ['ferry_sync_completion_seconds_bucket'],
    ],
    [
      'ferry:tenant_sync_error_ratio:rate1h > (14.4 * 0.01) and ferry:tenant_sync_error_ratio:rate5m > 1e-2',
      ['ferry:tenant_sync_error_ratio:rate1h', 'ferry:tenant_sync_error_ratio:rate5m'],
    ],
    ['vector(1) and on () count(ferry:x > 10) >= 3', ['ferry:x']],
    ['absent(ferry_metrics_exporter_leader == 1)', ['ferry_metrics_exporter_leader']],
    ['sum(ferry_dead_letters_open) or vector(0)', ['ferry_dead_letters_open']],
    ['max by (group, topic) (ferry_lag) > 0 and max by (group, topic) (changes(ferry_offset[15m])) == 0', ['ferry_lag', 'ferry_offset']],
    ['a / on (tenant_id) group_left (erp) b offset 5m', ['a', 'b']],
    ['sum without (instance) (up{job="ferry", le="+Inf"})', ['up']],
  ])('%s reads %p', (expression, names) => {
    expect(promqlMetricNames(expression)).toEqual(names);
  });
});

describe('withGrafanaVariables', () => {
  it('fills $name and ${name}, and leaves unknown variables as they are', () => {
    expect(
      withGrafanaVariables('rate(x{tenant_id="$tenant"}[$__rate_interval]) ${tenant} $other', { tenant: 't1', __rate_interval: '1m' }),
    ).toBe('rate(x{tenant_id="t1"}[1m]) t1 $other');
  });
});
