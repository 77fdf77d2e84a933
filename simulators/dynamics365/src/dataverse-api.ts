import { TABLES, type DataverseEnvironment, type DataverseRecord, type TableDefinition } from './dataverse-store';

/** One Web API request, from HTTP or from a $batch part. */
export interface ODataRequest {
  method: string;
  /** Path below /api/data/v9.2, e.g. /accounts(ferry_externalid='x'). */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  /** Absolute service root, e.g. http://127.0.0.1:4030/contoso/api/data/v9.2 */
  serviceRoot: string;
}

export interface ODataResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; odata.metadata=minimal', 'OData-Version': '4.0' };

/**
 * Dataverse's error body: { error: { code, message } } with its hexadecimal error codes. Codes used here:
 * 0x80060888 bad request / unknown property, 0x80040217 record does not exist, 0x80060882 row version mismatch,
 * 0x80040237 duplicate record, 0x80040216 unexpected error. Where Dataverse's exact code for a case is not
 * documented (a required column left empty), the closest documented one is used and said so in the message.
 */
export function dataverseError(status: number, code: string, message: string, headers: Record<string, string> = {}): ODataResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: { error: { code, message } } };
}

const etagOf = (record: DataverseRecord) => `W/"${record.version}"`;

function tableFor(entitySet: string): TableDefinition | undefined {
  return TABLES.find((table) => table.entitySet === entitySet);
}

/** The record addressed by "(guid)" or "(alternateKey='value')". */
function resolveKey(
  env: DataverseEnvironment,
  table: TableDefinition,
  key: string,
): { record?: DataverseRecord; alternate?: { name: string; value: string } } {
  const alternate = /^(\w+)='((?:[^']|'')*)'$/.exec(key);
  if (alternate) {
    const value = alternate[2]!.replace(/''/g, "'");
    return { record: env.findByAlternateKey(table.entitySet, alternate[1]!, value), alternate: { name: alternate[1]!, value } };
  }
  return { record: env.tables.get(table.entitySet)?.get(key.replace(/^\{|\}$/g, '')) };
}

export function present(table: TableDefinition, record: DataverseRecord, serviceRoot: string, select?: string[]): Record<string, unknown> {
  const attributes = select
    ? Object.fromEntries(select.filter((c) => c in record.attributes).map((c) => [c, record.attributes[c]]))
    : record.attributes;
  return {
    '@odata.etag': etagOf(record),
    [table.primaryKey]: record.id,
    ...attributes,
    modifiedon: record.modifiedon,
    createdon: record.createdon,
    versionnumber: record.version,
    ...(select ? {} : { '@odata.editLink': `${serviceRoot}/${table.entitySet}(${record.id})` }),
  };
}

/** Validates and resolves a body: unknown or removed columns, @odata.bind lookups, required columns. */
function attributesFrom(
  env: DataverseEnvironment,
  table: TableDefinition,
  body: unknown,
  existing: DataverseRecord | undefined,
): ODataResponse | Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return dataverseError(400, '0x80060888', 'The request body must be a JSON object.');
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name.startsWith('@odata')) continue;
    const bind = /^(\w+)@odata\.bind$/.exec(name);
    if (bind) {
      const target = table.lookups[bind[1]!];
      const reference = /^\/?(\w+)\((.+)\)$/.exec(String(value));
      const targetTable = target && reference && reference[1] === target ? tableFor(target) : undefined;
      if (!targetTable || !reference)
        return dataverseError(
          400,
          '0x80060888',
          `An undeclared property '${bind[1]}' which only has property annotations in the payload but no property value was found in the payload.`,
        );
      const found = resolveKey(env, targetTable, reference[2]!).record;
      if (!found) return dataverseError(404, '0x80040217', `${targetTable.logicalName} With Ids = ${reference[2]} Does Not Exist`);
      attributes[`_${bind[1]}_value`] = found.id;
      continue;
    }
    if (!table.columns.includes(name) || env.faults.removedColumns.includes(name)) {
      return dataverseError(
        400,
        '0x80060888',
        `The property '${name}' does not exist on type 'Microsoft.Dynamics.CRM.${table.logicalName}'. Make sure to only use property names that are defined by the type.`,
      );
    }
    const maxLength = table.maxLengths[name];
    if (maxLength !== undefined && typeof value === 'string' && value.length > maxLength) {
      return dataverseError(
        400,
        '0x80044331',
        `A validation error occurred. The length of the '${name}' attribute of the '${table.logicalName}' entity exceeded the maximum allowed length of '${maxLength}'.`,
      );
    }
    attributes[name] = value;
  }
  for (const column of table.required) {
    const present = table.lookups[column]
      ? (existing?.attributes[`_${column}_value`] ?? attributes[`_${column}_value`])
      : (attributes[column] ?? existing?.attributes[column]);
    if (present === undefined || present === null || present === '') {
      return dataverseError(
        400,
        '0x80040200',
        `Required column '${column}' has no value (business required). The exact Dataverse code for this case varies; 0x80040200 is a stand-in.`,
      );
    }
  }
  return attributes;
}

function pageSizeOf(request: ODataRequest): number {
  return Number(/odata\.maxpagesize=(\d+)/.exec(request.headers['prefer'] ?? '')?.[1] ?? 5000);
}

function collection(env: DataverseEnvironment, table: TableDefinition, request: ODataRequest): ODataResponse {
  if (request.query.has('$skip'))
    return dataverseError(400, '0x80060888', 'The query parameter $skip is not supported. Use the @odata.nextLink returned with the page.');
  const orderBy = request.query.get('$orderby');
  const ordering = orderBy ? /^(\w+)(?:\s+(asc|desc))?$/i.exec(orderBy.trim()) : undefined;
  if (orderBy && (!ordering || ordering[1] === table.primaryKey || ordering[1] === 'modifiedon'))
    return dataverseError(400, '0x80060888', `Could not parse the $orderby clause "${orderBy}" (this simulator orders by one column).`);
  const filter = request.query.get('$filter');
  let conditions = filter ? filter.split(/\s+and\s+/i) : [];
  let records: DataverseRecord[];
  if (ordering) {
    const [, column = '', direction] = ordering;
    records = env.sortedBy(table.entitySet, column);
    // Keyset paging (`<column> gt '<last key>'` in ascending order) starts at a binary search, as an index would;
    // further conditions (`and modifiedon ge …`) filter what follows.
    const keysetPattern = new RegExp(`^${column}\\s+gt\\s+'((?:[^']|'')*)'$`, 'i');
    const keysetIndex = conditions.findIndex((condition) => keysetPattern.test(condition.trim()));
    const keyset = keysetIndex === -1 ? null : keysetPattern.exec(conditions[keysetIndex]!.trim());
    if (keyset && direction?.toLowerCase() !== 'desc') {
      const after = keyset[1]!.replace(/''/g, "'");
      let low = 0;
      let high = records.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (String(records[middle]!.attributes[column] ?? '') <= after) low = middle + 1;
        else high = middle;
      }
      records = records.slice(low);
      conditions = conditions.filter((_, index) => index !== keysetIndex);
    } else if (direction?.toLowerCase() === 'desc') records = [...records].reverse();
  } else {
    // `<alternate key> eq '<value>'` is answered from the key's index, as Dataverse's alternate-key index does.
    const byKey =
      conditions.length === 1 ? new RegExp(`^${table.alternateKey}\\s+eq\\s+'((?:[^']|'')*)'$`, 'i').exec(conditions[0]!.trim()) : null;
    if (byKey) {
      const wanted = byKey[1]!.replace(/''/g, "'");
      const sorted = env.sortedBy(table.entitySet, table.alternateKey);
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (String(sorted[middle]!.attributes[table.alternateKey] ?? '') < wanted) low = middle + 1;
        else high = middle;
      }
      records = [];
      for (let index = low; index < sorted.length && String(sorted[index]!.attributes[table.alternateKey] ?? '') === wanted; index++)
        records.push(sorted[index]!);
      conditions = [];
    } else records = [...env.tables.get(table.entitySet)!.values()].sort((a, b) => a.version - b.version);
  }
  if (conditions.length > 0) {
    for (const condition of conditions) {
      const match = /^(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(?:'((?:[^']|'')*)'|([\w:.+-]+))$/i.exec(condition.trim());
      if (!match) return dataverseError(400, '0x80060888', `Could not parse the filter clause "${condition}".`);
      const [, column, op, quoted, bare] = match;
      if (column === 'modifiedon') {
        // modifiedon is Edm.DateTimeOffset: Dataverse refuses a string literal and anything that is not an instant.
        if (quoted !== undefined)
          return dataverseError(
            400,
            '0x80060888',
            `A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind '${op!}'.`,
          );
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(bare ?? '') || Number.isNaN(Date.parse(bare!)))
          return dataverseError(
            400,
            '0x80060888',
            `The DateTimeOffset text '${bare ?? ''}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?'.`,
          );
        const since = Date.parse(bare!);
        const compare = (record: DataverseRecord) => Date.parse(record.modifiedon) - since;
        records = records.filter((record) => {
          const difference = compare(record);
          switch (op!.toLowerCase()) {
            case 'eq':
              return difference === 0;
            case 'ne':
              return difference !== 0;
            case 'gt':
              return difference > 0;
            case 'ge':
              return difference >= 0;
            case 'lt':
              return difference < 0;
            default:
              return difference <= 0;
          }
        });
        continue;
      }
      const expected = quoted !== undefined ? quoted.replace(/''/g, "'") : bare;
      records = records.filter((record) => {
        const actual = column === 'modifiedon' ? record.modifiedon : column === table.primaryKey ? record.id : record.attributes[column!];
        const a = String(actual ?? '');
        const b = String(expected ?? '');
        switch (op!.toLowerCase()) {
          case 'eq':
            return a === b;
          case 'ne':
            return a !== b;
          case 'gt':
            return a > b;
          case 'ge':
            return a >= b;
          case 'lt':
            return a < b;
          default:
            return a <= b;
        }
      });
    }
  }
  const pageSize = pageSizeOf(request);
  const skip = Number(request.query.get('$skiptoken') ?? 0);
  const page = records.slice(skip, skip + pageSize);
  const select = request.query
    .get('$select')
    ?.split(',')
    .map((column) => column.trim());
  // Dataverse keeps the "$" of system query options literal in @odata.nextLink; only values are encoded.
  const nextQuery = [
    ...[...request.query.entries()].filter(([name]) => name !== '$skiptoken'),
    ['$skiptoken', String(skip + pageSize)] as [string, string],
  ]
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return {
    status: 200,
    headers: {
      ...JSON_HEADERS,
      ...(request.headers['prefer']?.includes('maxpagesize') ? { 'Preference-Applied': `odata.maxpagesize=${pageSize}` } : {}),
    },
    body: {
      '@odata.context': `${request.serviceRoot}/$metadata#${table.entitySet}`,
      value: page.map((record) => present(table, record, request.serviceRoot, select)),
      ...(skip + pageSize < records.length ? { '@odata.nextLink': `${request.serviceRoot}/${table.entitySet}?${nextQuery}` } : {}),
    },
  };
}

/**
 * The Web API verbs Ferry and common clients use: GET (record or collection with $select, simple $filter,
 * Prefer odata.maxpagesize and @odata.nextLink), POST (create), PATCH (upsert by primary or alternate key,
 * If-Match / If-None-Match), DELETE.
 */
export function dispatch(env: DataverseEnvironment, request: ODataRequest): ODataResponse {
  const target = /^\/(\w+)(?:\((.+)\))?$/.exec(request.path);
  const table = target ? tableFor(target[1]!) : undefined;
  if (!target || !table)
    return dataverseError(404, '0x80060888', `Resource not found for the segment '${request.path.split('/')[1] ?? ''}'.`);
  const key = target[2];
  const method = request.method.toUpperCase();
  const representation = /return=representation/.test(request.headers['prefer'] ?? '');
  if (!key) {
    if (method === 'GET') return collection(env, table, request);
    if (method !== 'POST') return dataverseError(405, '0x80060888', `The HTTP method '${method}' is not allowed on a collection.`);
    const attributes = attributesFrom(env, table, request.body, undefined);
    if ('status' in attributes && 'headers' in attributes) return attributes as ODataResponse;
    const alternate = (attributes as Record<string, unknown>)[table.alternateKey];
    if (alternate !== undefined && env.findByAlternateKey(table.entitySet, table.alternateKey, String(alternate))) {
      return dataverseError(412, '0x80040237', 'A record with matching key values already exists.');
    }
    const record = env.write(table.entitySet, undefined, attributes as Record<string, unknown>);
    const location = `${request.serviceRoot}/${table.entitySet}(${record.id})`;
    return representation
      ? {
          status: 201,
          headers: { ...JSON_HEADERS, 'OData-EntityId': location, ETag: etagOf(record) },
          body: present(table, record, request.serviceRoot),
        }
      : { status: 204, headers: { 'OData-Version': '4.0', 'OData-EntityId': location } };
  }
  const { record, alternate } = resolveKey(env, table, key);
  if (method === 'GET') {
    if (!record) return dataverseError(404, '0x80040217', `${table.logicalName} With Id = ${key} Does Not Exist`);
    const select = request.query
      .get('$select')
      ?.split(',')
      .map((column) => column.trim());
    return { status: 200, headers: { ...JSON_HEADERS, ETag: etagOf(record) }, body: present(table, record, request.serviceRoot, select) };
  }
  if (method === 'DELETE') {
    if (!record) return dataverseError(404, '0x80040217', `${table.logicalName} With Id = ${key} Does Not Exist`);
    env.tables.get(table.entitySet)!.delete(record.id);
    return { status: 204, headers: { 'OData-Version': '4.0' } };
  }
  if (method !== 'PATCH') return dataverseError(405, '0x80060888', `The HTTP method '${method}' is not allowed on a record.`);
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch === '*' && record) return dataverseError(412, '0x80040237', 'A record with matching key values already exists.');
  if (ifMatch && !record) return dataverseError(404, '0x80040217', `${table.logicalName} With Id = ${key} Does Not Exist`);
  if (ifMatch && ifMatch !== '*' && record && ifMatch !== etagOf(record)) {
    return dataverseError(412, '0x80060882', "The version of the existing record doesn't match the RowVersion property provided.");
  }
  const attributes = attributesFrom(env, table, request.body, record);
  if ('status' in attributes && 'headers' in attributes) return attributes as ODataResponse;
  const values = { ...(attributes as Record<string, unknown>), ...(alternate && !record ? { [alternate.name]: alternate.value } : {}) };
  const saved = env.write(table.entitySet, record, values);
  const location = `${request.serviceRoot}/${table.entitySet}(${saved.id})`;
  return representation
    ? {
        status: record ? 200 : 201,
        headers: { ...JSON_HEADERS, 'OData-EntityId': location, ETag: etagOf(saved) },
        body: present(table, saved, request.serviceRoot),
      }
    : { status: 204, headers: { 'OData-Version': '4.0', 'OData-EntityId': location, ETag: etagOf(saved) } };
}
