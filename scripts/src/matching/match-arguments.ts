import { existsSync, readFileSync } from 'node:fs';
import { TenantMatchSettingsSchema, type TenantMatchSettings } from '@ferry/matching';
import { parseColumnMapping, UsageError, type ColumnMapping } from './csv-records';

export interface MatchArguments {
  readonly inputs: readonly string[];
  readonly columns: ColumnMapping;
  readonly output: string;
  readonly settings: TenantMatchSettings;
}

export const MATCH_USAGE = `usage: npm run match -- --input <csv> [--input <csv> …] --columns <json> --output <csv> [--profile person|organisation] [--settings <json file>]
  --input     a CSV file with a header row; several inputs are several source systems (each file's name is its source)
  --columns   JSON (or a JSON file) mapping CSV columns to record paths, e.g. {"id":"id","surname":"name.family","segment":"attributes.segment"}
  --output    where to write record_id,cluster_id (cluster_id is the golden id), one line per input record
  --profile   the default settings to start from; without it, person when the columns map a person's name or birth date and no organisation name, else organisation
  --settings  a JSON file of tenant match settings (overrides of the profile: thresholds, comparisons, blocking, survivorship…)`;

const FLAGS = new Set(['input', 'columns', 'output', 'profile', 'settings']);

/** The match command's arguments, checked; a UsageError says exactly what is wrong. */
export function parseMatchArguments(argv: readonly string[]): MatchArguments {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const name = arg.slice(2);
    if (!FLAGS.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    values.set(name, [...(values.get(name) ?? []), value]);
    i += 1;
  }
  for (const name of ['columns', 'output', 'profile', 'settings']) {
    if ((values.get(name)?.length ?? 0) > 1) throw new UsageError(`--${name} is given more than once`);
  }
  const inputs = values.get('input') ?? [];
  if (inputs.length === 0) throw new UsageError('--input is required (one or more CSV files)');
  const columnsValue = values.get('columns')?.[0];
  if (columnsValue === undefined) throw new UsageError('--columns is required');
  const output = values.get('output')?.[0];
  if (output === undefined) throw new UsageError('--output is required');
  if (inputs.includes(output)) throw new UsageError('--output must not be one of the inputs');
  const columns = parseColumnMapping(columnsValue.trim().startsWith('{') ? columnsValue : readJsonFile(columnsValue, '--columns'));

  let settings: TenantMatchSettings = {};
  const settingsFile = values.get('settings')?.[0];
  if (settingsFile !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readJsonFile(settingsFile, '--settings'));
    } catch (error) {
      throw new UsageError(`--settings: ${settingsFile} is not valid JSON (${(error as Error).message})`);
    }
    const parsed = TenantMatchSettingsSchema.safeParse(raw);
    if (!parsed.success)
      throw new UsageError(`--settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    settings = raw as TenantMatchSettings;
  }
  const profile = values.get('profile')?.[0];
  if (profile !== undefined && profile !== 'person' && profile !== 'organisation') {
    throw new UsageError(`--profile must be person or organisation, not '${profile}'`);
  }
  return { inputs, columns, output, settings: { ...settings, profile: profile ?? settings.profile ?? inferProfile(columns) } };
}

/** Person when the columns describe a person (given/family name, birth date) and no organisation name. */
export function inferProfile(columns: ColumnMapping): 'person' | 'organisation' {
  const paths = new Set(Object.values(columns));
  if (paths.has('name.organisation')) return 'organisation';
  return ['name.given', 'name.family', 'name.full', 'birthDate', 'nationalId'].some((path) => paths.has(path)) ? 'person' : 'organisation';
}

function readJsonFile(path: string, option: string): string {
  if (!existsSync(path)) throw new UsageError(`${option}: neither JSON nor an existing file: ${path}`);
  return readFileSync(path, 'utf8');
}
