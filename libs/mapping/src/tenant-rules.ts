import type { TenantRule } from '@ferry/contracts';
import type { ExpressionOutcome, ProgramExpression } from './sandbox/sandbox-protocol';

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

/** Appends the conditions of a tenant's rules for one entity type, in order, to a program under construction. */
export function addRuleConditions(
  expressions: ProgramExpression[],
  rules: readonly TenantRule[],
  entityType: string,
): [TenantRule, number][] {
  return rules
    .filter((rule) => rule.entityType === entityType)
    .map((rule): [TenantRule, number] => [rule, expressions.push({ id: `rules.${rule.name}.condition`, text: rule.condition }) - 1]);
}

/**
 * Decides a tenant's rules from their evaluated conditions, in order. A condition that failed to evaluate counts
 * as matched for reject rules (fail closed: an event is never let through because its rule is broken) and as not
 * matched for skip and route rules; the error is reported either way.
 */
export function decideRules(slots: readonly [TenantRule, number][], outcomes: readonly ExpressionOutcome[]): RulesOutcome {
  const outcome: RulesOutcome = { evaluations: [] };
  for (const [rule, index] of slots) {
    const evaluated = outcomes[index];
    const error = !evaluated
      ? 'was not evaluated'
      : evaluated.ok
        ? undefined
        : `rules.${rule.name}.condition: evaluation failed: ${evaluated.message}`;
    const matched = error ? rule.kind === 'reject' : evaluated?.ok === true && evaluated.value === true;
    outcome.evaluations.push({ name: rule.name, kind: rule.kind, matched, ...(error ? { error } : {}) });
    if (!matched) continue;
    if (rule.kind === 'reject') outcome.rejectedBy ??= rule;
    else if (rule.kind === 'skip') outcome.skippedBy ??= rule;
    else if (rule.kind === 'route') outcome.routeTo ??= rule;
  }
  return outcome;
}
