import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * Grafana cannot run on these machines, so each dashboard in deploy/grafana/dashboards is checked against
 * Grafana's published dashboard types (@grafana/schema): the JSON is compiled, as a literal, against the
 * Dashboard type and each panel's options and custom field config against its panel plugin's types, with
 * enums taken as their JSON values. The PromQL in the panels is checked by a real Prometheus in
 * e2e/observability.
 */
const root = join(__dirname, '..', '..');
const dashboardsDir = join(root, 'deploy', 'grafana', 'dashboards');

const PANEL_TYPES: Record<string, { module: string; options: string; fieldConfig?: string }> = {
  timeseries: {
    module: '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen',
    options: 'Options',
    fieldConfig: 'FieldConfig',
  },
  stat: { module: '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen', options: 'Options' },
  table: {
    module: '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen',
    options: 'Options',
    fieldConfig: 'FieldConfig',
  },
};

interface PanelJson {
  type: string;
  title?: string;
  options?: unknown;
  fieldConfig?: { defaults?: { custom?: unknown } };
  panels?: PanelJson[];
}

/** TypeScript source that type-checks one dashboard; a panel type without known types is itself an error. */
export function dashboardCheckSource(dashboard: { panels?: PanelJson[] }): string {
  const lines = [
    `import type { Dashboard } from '@grafana/schema';`,
    ...Object.entries(PANEL_TYPES).map(
      ([type, spec]) =>
        `import type { ${spec.options} as ${type}Options${spec.fieldConfig ? `, ${spec.fieldConfig} as ${type}FieldConfig` : ''} } from '${spec.module}';`,
    ),
    // JSON holds an enum's value, not the enum: a string enum becomes the union of its values.
    `type Json<T> = T extends string ? (string extends T ? string : \`\${T}\`) : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;`,
    `export const dashboard: Json<Dashboard> = ${JSON.stringify(dashboard, null, 2)};`,
  ];
  const panels = (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  panels.forEach((panel, index) => {
    if (panel.type === 'row') return;
    const spec = PANEL_TYPES[panel.type];
    if (!spec) {
      lines.push(
        `export const panel${index}: 'a panel type with published types (${Object.keys(PANEL_TYPES).join(', ')})' = '${panel.type}';`,
      );
      return;
    }
    lines.push(`export const panel${index}Options: Json<Partial<${panel.type}Options>> = ${JSON.stringify(panel.options ?? {})};`);
    if (spec.fieldConfig)
      lines.push(
        `export const panel${index}Custom: Json<Partial<${panel.type}FieldConfig>> = ${JSON.stringify(panel.fieldConfig?.defaults?.custom ?? {})};`,
      );
  });
  return lines.join('\n');
}

/** Compiles the sources (file name → text) as if they lay at the repository root; returns the diagnostics as text. */
export function typeCheck(sources: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
  };
  const files = new Map(Object.entries(sources).map(([name, text]) => [join(root, '.dashboard-check', name), text]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    files.has(name) ? ts.createSourceFile(name, files.get(name)!, language) : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    .filter(Boolean);
}

const dashboards = readdirSync(dashboardsDir).filter((name) => name.endsWith('.json'));

describe('Grafana dashboards against @grafana/schema', () => {
  it('has the three dashboards: fleet overview, one tenant, platform health', () => {
    expect(dashboards.sort()).toEqual(['ferry-fleet.json', 'ferry-platform.json', 'ferry-tenant.json']);
  });

  it.each(dashboards)('%s matches the Dashboard type and its panels their plugins’ types', (name) => {
    const dashboard = JSON.parse(readFileSync(join(dashboardsDir, name), 'utf8')) as { panels?: PanelJson[] };
    expect(typeCheck({ [`${name}.ts`]: dashboardCheckSource(dashboard) })).toEqual([]);
  });

  it.each([
    ['a misspelt dashboard field', { schemaVersion: 39, titel: 'x' }, /titel/],
    ['a schema version as text', { schemaVersion: '39' }, /schemaVersion|string.*number/],
    ['a panel without a type', { schemaVersion: 39, panels: [{ title: 'x' }] }, /type/],
    [
      'a stat colour mode Grafana does not have',
      { schemaVersion: 39, panels: [{ type: 'stat', options: { colorMode: 'rainbow' } }] },
      /rainbow/,
    ],
    ['a panel type without published types', { schemaVersion: 39, panels: [{ type: 'worldmap' }] }, /worldmap/],
    [
      'a time series line style that does not exist',
      { schemaVersion: 39, panels: [{ type: 'timeseries', fieldConfig: { defaults: { custom: { drawStyle: 'zigzag' } } } }] },
      /zigzag/,
    ],
  ])('refuses %s', (_case, dashboard, problem) => {
    const diagnostics = typeCheck({ 'broken.ts': dashboardCheckSource(dashboard as never) });
    expect(diagnostics.join('\n')).toMatch(problem);
  });
});
