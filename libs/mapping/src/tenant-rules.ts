import type { CanonicalEvent, TenantRule } from '@ferry/contracts';
import { evaluateExpression, plainData } from './entity-mapper';

export interface RuleEvaluation {
  name: string;
  kind: string;
  matched: boolean;
  error?: string;
}

export interface RulesOutcome {
  evaluations: RuleEvaluation[];
  /** First reject rule that matched. */
  rejectedBy?: TenantRule;
  /** First skip rule that matched (only when nothing rejected). */
  skippedBy?: TenantRule;
  /** Connection chosen by the first matching route rule. */
  routeTo?: TenantRule;
}

/**
 * Evaluates a tenant's rules for one entity type, in order. A rule whose condition fails to evaluate counts as
 * matched for reject rules (fail closed: an event is never let through because its rule is broken) and as not
 * matched for skip and route rules; the error is reported either way.
 */
export async function evaluateRules(event: CanonicalEvent, entityType: string, rules: readonly TenantRule[]): Promise<RulesOutcome> {
  const input = plainData(event);
  const outcome: RulesOutcome = { evaluations: [] };
  for (const rule of rules.filter((candidate) => candidate.entityType === entityType)) {
    let matched = false;
    let error: string | undefined;
    try {
      matched = (await evaluateExpression(rule.condition, `rules.${rule.name}.condition`, input)) === true;
    } catch (failure) {
      error = (failure as Error).message;
      matched = rule.kind === 'reject';
    }
    outcome.evaluations.push({ name: rule.name, kind: rule.kind, matched, ...(error ? { error } : {}) });
    if (!matched) continue;
    if (rule.kind === 'reject') outcome.rejectedBy ??= rule;
    else if (rule.kind === 'skip') outcome.skippedBy ??= rule;
    else if (rule.kind === 'route') outcome.routeTo ??= rule;
  }
  return outcome;
}
