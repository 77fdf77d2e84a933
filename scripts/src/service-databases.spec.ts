import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repeatedArg } from './cli-args';
import { SERVICE_DATABASES, databaseNameOf, selectServiceDatabases, type ServiceDatabase } from './service-databases';

const ROOT = join(__dirname, '..', '..');

/** Services whose main.ts says usesDatabase: true, by folder (the name the image's SERVICE and the chart use). */
function servicesUsingADatabase(): string[] {
  return readdirSync(join(ROOT, 'services'))
    .filter((folder) => /usesDatabase:\s*true/.test(readFileSync(join(ROOT, 'services', folder, 'src', 'main.ts'), 'utf8')))
    .sort();
}

describe('the table of service databases the migration command runs', () => {
  const tabled = SERVICE_DATABASES.map((database) => database.service).sort();

  it('names every service that has a database, and no other', () => {
    expect(tabled).toEqual(servicesUsingADatabase());
  });

  it('names every service the Helm chart gives DATABASE_URL', () => {
    const values = parse(readFileSync(join(ROOT, 'helm', 'ferry', 'values.yaml'), 'utf8')) as {
      services: Record<string, { database: boolean }>;
    };
    const withDatabase = Object.entries(values.services).flatMap(([service, settings]) => (settings.database ? [service] : []));
    expect(tabled).toEqual(withDatabase.sort());
  });

  it.each(SERVICE_DATABASES.map((database) => [database.service, database.migrations as unknown[]] as const))(
    '%s has at least one migration',
    (_service, migrations) => {
      expect(migrations.length).toBeGreaterThan(0);
    },
  );
});

describe('database names', () => {
  it.each([
    ['ingestion', undefined, 'ferry_ingestion'],
    ['delivery-netsuite-soap', undefined, 'ferry_delivery_netsuite_soap'],
    ['control-plane', 'h9_migrate_x_', 'h9_migrate_x_control_plane'],
  ])('%s with prefix %s → %s', (service, prefix, expected) => {
    expect(databaseNameOf(service, prefix)).toBe(expected);
  });
});

describe('choosing the databases to migrate', () => {
  const table: ServiceDatabase[] = [
    { service: 'ingestion', migrations: [] },
    { service: 'control-plane', migrations: [] },
  ];
  it.each<[string, string[], ReturnType<typeof selectServiceDatabases>]>([
    ['nothing named: all, in table order', [], { selected: table }],
    ['one named', ['control-plane'], { selected: [table[1]!] }],
    ['named out of order: table order', ['control-plane', 'ingestion'], { selected: table }],
    ['a service without a database', ['transformation', 'ingestion'], { unknown: ['transformation'] }],
  ])('%s', (_case, requested, expected) => {
    expect(selectServiceDatabases(requested, table)).toEqual(expected);
  });
});

describe('a flag given more than once', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [['--service', 'a'], ['a']],
    [
      ['--service', 'a', '--service', 'b'],
      ['a', 'b'],
    ],
    [
      ['--service', 'a,b', '--database-prefix', 'x_'],
      ['a', 'b'],
    ],
    [['--service', '--database-prefix', 'x_'], []],
  ])('%j → %j', (argv, expected) => {
    expect(repeatedArg('service', argv)).toEqual(expected);
  });
});
