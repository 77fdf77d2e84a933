const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
  'atan2',
]);

/**
 * The metric names a PromQL expression reads (recording-rule names included), for checking that each exists.
 * A small scanner, not a parser: strings, label matchers, ranges and grouping label lists are dropped, then
 * every identifier that is not a function call, keyword or number is a metric name.
 */
export function promqlMetricNames(expression: string): string[] {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/#[^\n]*/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = match[0];
    const after = stripped.slice((match.index ?? 0) + name.length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(name.toLowerCase())) continue;
    const before = stripped.slice(0, match.index ?? 0);
    if (/[0-9.]$/.test(before) || /[0-9]e$/i.test(before + name.slice(0, 1))) continue; // 1e3, 2.5
    names.add(name);
  }
  return [...names].sort();
}

/** Grafana's variables as the Prometheus test fills them: the tenant chosen, a fixed rate interval. */
export function withGrafanaVariables(expression: string, variables: Record<string, string>): string {
  return expression.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => variables[name] ?? whole);
}
