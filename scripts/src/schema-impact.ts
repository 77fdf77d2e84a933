import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { findSchemasDir, parseSchemaFile } from '@ferry/contracts';
import { cliArgs } from './cli-args';
import { callControlPlane } from './control-plane-client';

interface Report {
  subject: string;
  compatibility: { rule: string; problems: { field: string; problem: string }[] };
  samplesUsed: number;
  affectedTenants: {
    tenantId: string;
    configurationVersion: number;
    impacts: { path: string; expression: string; impact: string; detail: string }[];
  }[];
  unaffectedTenants: string[];
}

/**
 * npm run schemas:impact -- --subject io.ferry.customer.v1.CustomerUpserted --schema schemas/io/ferry/customer/v1/CustomerUpserted.avsc
 * Before registering a changed canonical schema: which tenants' mappings and rules it breaks or changes.
 * A file under schemas/ may refer to other named types by full name; they are inlined as on registration.
 * Exits 1 when a tenant would break or the change violates the subject's compatibility rule.
 */
async function main(): Promise<number> {
  const args = cliArgs();
  if (!args['subject'] || !args['schema'])
    throw new Error('usage: schemas:impact -- --subject <subject> --schema <file.avsc> [--samples <file.json>]');
  const schemasDir = findSchemasDir(__dirname);
  const file = resolve(args['schema']);
  const inside = relative(schemasDir, file);
  const schema = !inside.startsWith('..')
    ? parseSchemaFile(schemasDir, inside, {}).schema({ exportAttrs: true })
    : (JSON.parse(readFileSync(file, 'utf8')) as unknown);
  const samples = args['samples'] ? (JSON.parse(readFileSync(args['samples'], 'utf8')) as unknown[]) : undefined;
  const report = await callControlPlane<Report>('POST', '/v1/schema-impact', {
    subject: args['subject'],
    schema,
    ...(samples ? { samples } : {}),
  });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`schemas:impact: ${report.subject}, ${report.samplesUsed} sample event(s)`);
  say(
    report.compatibility.problems.length === 0
      ? `  compatible under ${report.compatibility.rule}`
      : `  NOT compatible under ${report.compatibility.rule}:`,
  );
  for (const problem of report.compatibility.problems) say(`    field ${problem.field}: ${problem.problem}`);
  for (const tenant of report.affectedTenants) {
    say(`  tenant ${tenant.tenantId} (configuration v${tenant.configurationVersion}):`);
    for (const impact of tenant.impacts)
      say(`    ${impact.impact.padEnd(7)} ${impact.path}  ${impact.expression}\n            ${impact.detail}`);
  }
  say(`  ${report.affectedTenants.length} tenant(s) affected, ${report.unaffectedTenants.length} unaffected`);
  const breaks = report.affectedTenants.some((tenant) => tenant.impacts.some((impact) => impact.impact === 'breaks'));
  return breaks || report.compatibility.problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`schemas:impact: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
