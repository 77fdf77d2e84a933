import {
  BODY_FIELDS,
  FIELD_GROUPS,
  fieldGroupsOf,
  PRODUCT_SYSTEM,
  groupOfPath,
  isMasterDataDomain,
  pathCovers,
  type MasterDataDomain,
} from './field-groups';

/**
 * A tenant's system-of-record rules, as declared in its policies (`policies.systemOfRecord`, a map):
 * `<domain>` → owner of every group of the domain, `<domain>.<group>` → owner of one group (it wins over the
 * domain's). An owner is `product` or one of the tenant's connection ids (an ERP, or a CRM reached through a
 * connection). A group nobody declared has no owner: it flows both ways, as before rules existed.
 */
export type SystemOfRecordDeclaration = Readonly<Record<string, string>>;

export interface SystemOfRecordProblem {
  code: 'UNKNOWN_DOMAIN' | 'UNKNOWN_FIELD_GROUP' | 'FIELD_INSIDE_GROUP' | 'UNKNOWN_SYSTEM';
  /** The declaration's key the problem is about. */
  key: string;
  message: string;
}

const known = (values: readonly string[]) => values.map((value) => `"${value}"`).join(', ');

/**
 * Everything wrong with a declaration, given the tenant's connection ids: a domain or group that does not exist,
 * a single field or a field inside a group (ownership is per group, so one field cannot have two owners), and an
 * owner that is neither `product` nor a connection of the tenant.
 */
export function systemOfRecordProblems(declaration: SystemOfRecordDeclaration, connectionIds: readonly string[]): SystemOfRecordProblem[] {
  const problems: SystemOfRecordProblem[] = [];
  for (const [key, owner] of Object.entries(declaration)) {
    const [domain, ...rest] = key.split('.');
    const group = rest.join('.');
    if (!domain || !isMasterDataDomain(domain)) {
      problems.push({
        code: 'UNKNOWN_DOMAIN',
        key,
        message: `systemOfRecord."${key}": unknown domain "${domain ?? ''}"; known: ${known(Object.keys(FIELD_GROUPS))}`,
      });
      continue;
    }
    const groups = Object.keys(FIELD_GROUPS[domain]);
    if (group && !groups.includes(group)) {
      const containing = groupOfPath(domain, [BODY_FIELDS[domain], ...rest].join('.'));
      problems.push(
        containing
          ? {
              code: 'FIELD_INSIDE_GROUP',
              key,
              message: `systemOfRecord."${key}": ${key} is part of field group "${domain}.${containing}"; a system of record is declared per group, so declare "${domain}.${containing}"`,
            }
          : {
              code: 'UNKNOWN_FIELD_GROUP',
              key,
              message: `systemOfRecord."${key}": ${domain} has no field group "${group}"; known: ${known(groups)}`,
            },
      );
    }
    if (owner !== PRODUCT_SYSTEM && !connectionIds.includes(owner)) {
      problems.push({
        code: 'UNKNOWN_SYSTEM',
        key,
        message: `systemOfRecord."${key}": "${owner}" is neither "${PRODUCT_SYSTEM}" nor a connection of the tenant (${connectionIds.length > 0 ? known(connectionIds) : 'it has none'})`,
      });
    }
  }
  return problems;
}

/** Who owns each group of each domain, resolved from a declaration: group entries win over domain entries. */
export interface SystemOfRecord {
  /** `<domain>.<group>` → owner; a group absent here has no owner. */
  readonly owners: ReadonlyMap<string, string>;
}

/** Resolves a declaration; keys that do not name a domain or group are ignored (the control plane refuses them). */
export function resolveSystemOfRecord(declaration: SystemOfRecordDeclaration | undefined | null): SystemOfRecord {
  const owners = new Map<string, string>();
  const entries = Object.entries(declaration ?? {});
  for (const [key, owner] of entries) {
    if (isMasterDataDomain(key)) for (const group of Object.keys(FIELD_GROUPS[key])) owners.set(`${key}.${group}`, owner);
  }
  for (const [key, owner] of entries) {
    const [domain, group] = key.split('.');
    if (domain && group && isMasterDataDomain(domain) && group in FIELD_GROUPS[domain] && key === `${domain}.${group}`)
      owners.set(key, owner);
  }
  return { owners };
}

export function ownerOfGroup(rules: SystemOfRecord, domain: MasterDataDomain, group: string): string | undefined {
  return rules.owners.get(`${domain}.${group}`);
}

/** The owner of a canonical path (`customer.billingAddress.city`), when it lies in an owned group. */
export function ownerOfPath(rules: SystemOfRecord, domain: MasterDataDomain, path: string): { group: string; owner: string } | undefined {
  const group = groupOfPath(domain, path);
  const owner = group ? ownerOfGroup(rules, domain, group) : undefined;
  return group && owner ? { group, owner } : undefined;
}

/**
 * The groups a read of `path` touches: the group holding it, or every group below it when it is wider than one
 * (an expression reading the whole `customer` reads every group).
 */
export function groupsTouchedBy(domain: MasterDataDomain, path: string): string[] {
  return Object.entries(fieldGroupsOf(domain))
    .filter(([, paths]) => paths.some((covering) => pathCovers(covering, path) || pathCovers(path, covering)))
    .map(([group]) => group);
}

/** The master-data domain of an entity type, when it has one (customers, sales orders, invoices). */
export function domainOfEntityType(entityType: string): MasterDataDomain | undefined {
  return isMasterDataDomain(entityType) ? entityType : undefined;
}
