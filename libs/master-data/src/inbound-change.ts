import { fieldGroupsOf, type MasterDataDomain } from './field-groups';
import { ownerOfGroup, type SystemOfRecord } from './system-of-record';

/** A field an ERP changed although another system owns it: raised, not taken as truth. */
export interface FieldConflict {
  group: string;
  /** Canonical path, body field first: `customer.taxId`. */
  path: string;
  /** Who owns the group: `product` or a connection id. */
  owner: string;
  /** What the ERP holds now. */
  erpValue: unknown;
  /** What Ferry last read from this ERP record, and keeps. */
  keptValue: unknown;
}

export interface InboundChangeDecision {
  /** The body to publish: conflicting fields hold the value last read (the change is not taken as truth). */
  body: Record<string, unknown>;
  /** Owned fields the ERP changed and owns: they flow to the product. */
  flows: string[];
  conflicts: FieldConflict[];
  /** Whether the body still differs from the last read: when only conflicts changed, there is nothing to publish. */
  changed: boolean;
}

/** Key-order-independent equality of JSON data. */
export function sameData(left: unknown, right: unknown): boolean {
  return canonical(left) === canonical(right);
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonical(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function bodyPath(path: string): string[] {
  return path.split('.').slice(1);
}

function read(body: Record<string, unknown> | undefined, segments: readonly string[]): unknown {
  let node: unknown = body;
  for (const segment of segments) {
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function write(body: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = body;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (!next || typeof next !== 'object') return;
    node = next as Record<string, unknown>;
  }
  const last = segments[segments.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/**
 * Splits a change read from an ERP record (`current`, a canonical body) against what Ferry last read from that
 * record (`previous`): a changed field of a group the source connection owns flows; a changed field of a group
 * another system owns (the product, or another connection) is a conflict and keeps its previous value; fields in
 * no owned group flow as before. Without a previous read nothing can be told apart from a change, so nothing is
 * a conflict: the first read of a record is its baseline (Ferry's own writes, read back as echoes, set it); the
 * values it holds in groups the source owns flow (the product has not heard them from their owner yet).
 */
export function inboundChangeDecision(
  rules: SystemOfRecord,
  domain: MasterDataDomain,
  sourceConnectionId: string,
  previous: Record<string, unknown> | undefined,
  current: Record<string, unknown>,
): InboundChangeDecision {
  const body = structuredClone(current);
  const decision: InboundChangeDecision = { body, flows: [], conflicts: [], changed: true };
  for (const [group, paths] of Object.entries(fieldGroupsOf(domain))) {
    const owner = ownerOfGroup(rules, domain, group);
    if (!owner) continue;
    for (const path of paths) {
      const segments = bodyPath(path);
      const erpValue = read(current, segments);
      if (!previous) {
        // First read: what the source owns is news to the product; nothing else can be told from a change.
        if (owner === sourceConnectionId && erpValue !== undefined && erpValue !== null) decision.flows.push(path);
        continue;
      }
      const keptValue = read(previous, segments);
      if (sameData(erpValue, keptValue)) continue;
      if (owner === sourceConnectionId) decision.flows.push(path);
      else {
        decision.conflicts.push({ group, path, owner, erpValue, keptValue });
        write(body, segments, structuredClone(keptValue));
      }
    }
  }
  if (previous) decision.changed = !sameData(body, previous);
  return decision;
}
