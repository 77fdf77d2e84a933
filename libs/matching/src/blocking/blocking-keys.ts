import { prepareValue, type PreparationContext } from '../compare/field-preparation';
import { metaphone, nysiis } from '../compare/similarity';
import { readPath, type CustomerRecord } from '../record/customer-record';
import type { BlockingRule, BlockingTransform, ComparatorKind, DeterministicRule } from '../settings/match-settings';

/** How a record path is normalised when it is part of a blocking key or a deterministic rule. */
export function kindOfPath(path: string): ComparatorKind {
  if (path === 'name.organisation') return 'organisation';
  if (path.startsWith('name.')) return 'name';
  if (path === 'address.line1' || path === 'address.line2') return 'address';
  if (path === 'email') return 'email';
  if (path === 'phone') return 'phone';
  if (path === 'birthDate') return 'date';
  if (['taxId', 'nationalId', 'registrationNumber', 'address.postcode', 'address.number'].includes(path)) return 'identifier';
  return 'text';
}

/** The values one part of a blocking key contributes; several for 'tokens', none when the field is empty. */
export function transformValue(transform: BlockingTransform, prepared: string): string[] {
  if (prepared === '') return [];
  let value: string;
  switch (transform) {
    case 'value':
      value = prepared;
      break;
    case 'metaphone':
      value = metaphone(prepared);
      break;
    case 'nysiis':
      value = nysiis(prepared);
      break;
    case 'initial':
      value = prepared.charAt(0);
      break;
    case 'prefix3':
      value = prepared.replace(/ /g, '').slice(0, 3);
      break;
    case 'year':
      value = /^\d{4}/.test(prepared) ? prepared.slice(0, 4) : '';
      break;
    case 'digits':
      value = prepared.replace(/\D/g, '');
      break;
    case 'tokens':
      return [...new Set(prepared.split(' ').filter((token) => token.length >= 3))];
  }
  return value === '' ? [] : [value];
}

/** Every blocking key of a record, prefixed by its rule's position so keys of different rules never collide. */
export function blockingKeys(record: CustomerRecord, rules: readonly BlockingRule[], context: PreparationContext): string[] {
  const keys: string[] = [];
  const prepared = new Map<string, string>();
  const valueOf = (field: string): string => {
    let value = prepared.get(field);
    if (value === undefined) prepared.set(field, (value = prepareValue(kindOfPath(field), readPath(record, field), context)));
    return value;
  };
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
    const rule = rules[ruleIndex] as BlockingRule;
    let combos: string[][] = [[]];
    for (const part of rule.parts) {
      const values = transformValue(part.transform, valueOf(part.field));
      combos =
        values.length === 1
          ? combos.map((combo) => [...combo, values[0] as string])
          : combos.flatMap((combo) => values.map((value) => [...combo, value]));
      if (combos.length === 0) break;
    }
    for (const combo of combos) keys.push(`b${ruleIndex}|${(rule.unordered ? combo.sort() : combo).join('|')}`);
  }
  return keys;
}

/**
 * Keys that make two records one customer without scoring: a shared non-empty value of a `sameValue` rule, or
 * a cross-reference (this record's id in its source, or an id it says it has elsewhere).
 */
export function deterministicKeys(record: CustomerRecord, rules: readonly DeterministicRule[], context: PreparationContext): string[] {
  const keys: string[] = [];
  rules.forEach((rule, ruleIndex) => {
    switch (rule.kind) {
      case 'sameValue': {
        const values = rule.fields.map((field) => prepareValue(kindOfPath(field), readPath(record, field), context));
        if (values.every((value) => value !== '')) keys.push(`d${ruleIndex}|${values.join('|')}`);
        return;
      }
      case 'crossReference':
        keys.push(`d${ruleIndex}|${record.source}|${record.id}`);
        for (const ref of record.externalIds) keys.push(`d${ruleIndex}|${ref.system}|${ref.id}`);
        return;
    }
  });
  return keys;
}
