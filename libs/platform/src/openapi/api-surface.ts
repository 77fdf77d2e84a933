/**
 * What a client of a /v1 API may rely on, read from its OpenAPI document: every operation, the inputs it requires,
 * the fields its success responses carry, and its deprecation. Recorded per document (`npm run api:surface`) so a
 * spec can refuse a change that breaks /v1 clients (docs/governance.md, "API versioning and deprecation").
 */
export interface OperationSurface {
  /** Inputs a caller must send, e.g. "path tenantId", "query limit", "header Idempotency-Key", "body events[].type". */
  requiredInputs: string[];
  /** Fields of each success response a caller may read, e.g. { "200": ["items[].status"] }. */
  responseFields: Record<string, string[]>;
  deprecation?: RouteDeprecation;
}

/** A deprecated operation: since when, until when it is served, and what replaces it. */
export interface RouteDeprecation {
  since: string;
  sunset: string;
  successor?: string;
}

/** Operations by "METHOD /path". */
export type ApiSurface = Record<string, OperationSurface>;

type Json = Record<string, unknown>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
/** Deeper than any Ferry response; a bound so a recursive schema cannot loop. */
const MAX_DEPTH = 8;
/** How long a deprecated operation stays served at least (docs/governance.md). */
export const MINIMUM_DEPRECATION_DAYS = 180;
const DAY_MS = 86_400_000;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolve(document: Json, node: unknown, seen: ReadonlySet<string> = new Set()): { node: Json; seen: Set<string> } {
  const visited = new Set(seen);
  let current: unknown = node;
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (visited.has(ref) || !ref.startsWith('#/')) return { node: {}, seen: visited };
    visited.add(ref);
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, part) => (isObject(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), document);
  }
  return { node: isObject(current) ? current : {}, seen: visited };
}

/** Dotted paths of a schema's properties ("a.b", "items[].c", "meta{}.d"); every branch of allOf/oneOf/anyOf. */
function schemaFields(document: Json, schema: unknown, requiredOnly: boolean, prefix = '', depth = 0, seen = new Set<string>()): string[] {
  if (depth > MAX_DEPTH) return [];
  const { node, seen: visited } = resolve(document, schema, seen);
  const fields: string[] = [];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const branches = node[key];
    if (Array.isArray(branches) && (key === 'allOf' || !requiredOnly))
      for (const branch of branches) fields.push(...schemaFields(document, branch, requiredOnly, prefix, depth + 1, visited));
  }
  if (node.items !== undefined) fields.push(...schemaFields(document, node.items, requiredOnly, `${prefix}[]`, depth + 1, visited));
  if (isObject(node.additionalProperties))
    fields.push(...schemaFields(document, node.additionalProperties, requiredOnly, `${prefix}{}`, depth + 1, visited));
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  if (isObject(node.properties))
    for (const [name, property] of Object.entries(node.properties)) {
      if (requiredOnly && !required.has(name)) continue;
      const path = prefix ? `${prefix}.${name}` : name;
      fields.push(path, ...schemaFields(document, property, requiredOnly, path, depth + 1, visited));
    }
  return fields;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function jsonSchemaOf(document: Json, holder: unknown): unknown {
  const content = resolve(document, holder).node.content;
  return isObject(content) && isObject(content['application/json']) ? content['application/json'].schema : undefined;
}

function deprecationOf(operation: Json): RouteDeprecation | undefined {
  if (operation.deprecated !== true) return undefined;
  const deprecation: RouteDeprecation = {
    since: String(operation['x-deprecated-since'] ?? ''),
    sunset: String(operation['x-sunset'] ?? ''),
  };
  if (typeof operation['x-successor'] === 'string') deprecation.successor = operation['x-successor'];
  return deprecation;
}

/** The surface of every operation in a document. */
export function apiSurface(document: Json): ApiSurface {
  const surface: ApiSurface = {};
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolve(document, rawItem).node;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      if (!isObject(item[method])) continue;
      const operation = item[method] as Json;
      const parameters = [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])].map(
        (parameter) => resolve(document, parameter).node,
      );
      const requiredInputs = parameters
        .filter((parameter) => parameter.required === true)
        .map((parameter) => `${String(parameter.in)} ${String(parameter.name)}`);
      const body = resolve(document, operation.requestBody).node;
      if (body.required === true) {
        requiredInputs.push('body');
        requiredInputs.push(...schemaFields(document, jsonSchemaOf(document, body), true).map((field) => `body ${field}`));
      }
      const responseFields: Record<string, string[]> = {};
      const responses = isObject(operation.responses) ? operation.responses : {};
      for (const [status, response] of Object.entries(responses)) {
        if (!/^2\d\d$/.test(status)) continue;
        responseFields[status] = sorted(schemaFields(document, jsonSchemaOf(document, response), false));
      }
      const entry: OperationSurface = { requiredInputs: sorted(requiredInputs), responseFields };
      const deprecation = deprecationOf(operation);
      if (deprecation) entry.deprecation = deprecation;
      surface[`${method.toUpperCase()} ${path}`] = entry;
    }
  }
  return Object.fromEntries(Object.entries(surface).sort(([a], [b]) => a.localeCompare(b)));
}

const validDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** What a document's deprecations get wrong against the policy, one sentence each. */
export function deprecationProblems(surface: ApiSurface): string[] {
  const problems: string[] = [];
  for (const [operation, { deprecation }] of Object.entries(surface)) {
    if (!deprecation) continue;
    if (!validDate(deprecation.since)) problems.push(`${operation} is deprecated without x-deprecated-since (YYYY-MM-DD)`);
    if (!validDate(deprecation.sunset)) problems.push(`${operation} is deprecated without x-sunset (YYYY-MM-DD)`);
    if (validDate(deprecation.since) && validDate(deprecation.sunset)) {
      const days = (Date.parse(deprecation.sunset) - Date.parse(deprecation.since)) / DAY_MS;
      if (days < MINIMUM_DEPRECATION_DAYS)
        problems.push(
          `${operation} sunsets ${days} days after its deprecation; the policy gives clients at least ${MINIMUM_DEPRECATION_DAYS}`,
        );
    }
  }
  return problems;
}

/**
 * How the current document breaks clients of the recorded one, one sentence each (empty: compatible). Within /v1
 * an operation may be removed only after its recorded sunset, a response field never, and no input may become
 * required; a recorded sunset may not be brought forward.
 */
export function breakingChanges(recorded: ApiSurface, current: ApiSurface, today: string): string[] {
  const problems: string[] = [];
  for (const [operation, before] of Object.entries(recorded)) {
    const after = current[operation];
    if (!after) {
      if (!before.deprecation) problems.push(`${operation} was removed without being deprecated first`);
      else if (today < before.deprecation.sunset)
        problems.push(`${operation} was removed before its sunset (${before.deprecation.sunset})`);
      continue;
    }
    for (const [status, fields] of Object.entries(before.responseFields)) {
      const now = new Set(after.responseFields[status] ?? []);
      if (!(status in after.responseFields)) problems.push(`${operation} no longer answers ${status}`);
      else for (const field of fields) if (!now.has(field)) problems.push(`${operation} ${status} lost response field ${field}`);
    }
    const requiredBefore = new Set(before.requiredInputs);
    for (const input of after.requiredInputs)
      if (!requiredBefore.has(input)) problems.push(`${operation} now requires ${input}, which clients of /v1 do not send`);
    if (before.deprecation && after.deprecation && after.deprecation.sunset < before.deprecation.sunset)
      problems.push(`${operation} sunset moved forward from ${before.deprecation.sunset} to ${after.deprecation.sunset}`);
  }
  return problems;
}
