import { withDefaults, type CatalogSubject, type CanonicalEvent, type TenantConfiguration } from '@ferry/contracts';
import { routingProgramFor, type ExpressionEvaluator } from '@ferry/mapping';
import type { ConfigurationProblem } from './effective-configuration';

/**
 * Runs a configuration's rules and mappings, in the sandbox, against the checked-in sample event of each entity
 * type it maps: an expression that hits a sandbox limit (runs for ever, builds a giant value) is refused when it
 * is saved, before any real event meets it.
 */
export async function sampleLimitProblems(
  configuration: TenantConfiguration,
  canonicalEvents: CatalogSubject[],
  samplesOf: (subject: string) => unknown[],
  sandbox: ExpressionEvaluator,
): Promise<ConfigurationProblem[]> {
  const entityTypes = new Set([
    ...configuration.mappings.map((m) => m.entityType),
    ...(configuration.rules ?? []).map((r) => r.entityType),
  ]);
  const problems: ConfigurationProblem[] = [];
  for (const entityType of [...entityTypes].sort()) {
    const subject = canonicalEvents.find((entry) => entry.entityType === entityType);
    if (!subject) continue;
    const { program } = routingProgramFor(configuration, entityType);
    if (program.expressions.length === 0) continue;
    for (const sample of samplesOf(subject.subject).slice(0, 3)) {
      const event = withDefaults(subject.type, sample) as CanonicalEvent;
      const result = await sandbox.evaluate(program, JSON.parse(JSON.stringify(event)) as unknown);
      if (result.kind !== 'limit') continue;
      const path = (result.expressionId ?? `mappings.${entityType}`).replace(/^mappings\.([^.@]+)@[^.]+\./, 'mappings.$1.');
      problems.push({
        code: 'EXPRESSION_LIMIT',
        path,
        message: `${path}: on the sample ${subject.subject}, ${result.message} (${result.code}); expressions must finish quickly within the sandbox's limits`,
      });
      break;
    }
  }
  return problems;
}
