/**
 * ERP field paths a mapping writes ("subsidiary.id", "customerid_account@odata.bind"). They come from tenant
 * admins, so they are checked before anything is built from them: a segment such as `__proto__` would otherwise
 * reach Object.prototype of the shared process and change every tenant's events.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An OData instance annotation on a property: name@namespace.term (e.g. @odata.bind). */
const ANNOTATED = /^[A-Za-z_][A-Za-z0-9_]*@[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_SEGMENTS = 8;
const MAX_PATH_LENGTH = 200;

/**
 * The segments of a dotted ERP field path: "subsidiary.id" → [subsidiary, id]. A segment holding an OData
 * instance annotation ("customerid_account@odata.bind") keeps its dots: annotations are single property names.
 */
export function fieldPathSegments(path: string): string[] {
  const parts = path.split('.');
  const annotated = parts.findIndex((part) => part.includes('@'));
  return annotated === -1 ? parts : [...parts.slice(0, annotated), parts.slice(annotated).join('.')];
}

/** Why a field path may not be used, or undefined when it is a plain path of identifiers. */
export function fieldPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.length > MAX_PATH_LENGTH) return `is longer than ${MAX_PATH_LENGTH} characters`;
  const segments = fieldPathSegments(path);
  if (segments.length > MAX_SEGMENTS) return `has more than ${MAX_SEGMENTS} segments`;
  for (const segment of segments) {
    const name = segment.split('@')[0] ?? segment;
    if (FORBIDDEN_SEGMENTS.has(name)) return `uses the reserved name "${name}"`;
    if (!IDENTIFIER.test(segment) && !ANNOTATED.test(segment))
      return `segment "${segment}" is not a plain identifier (letters, digits and "_", not starting with a digit; an OData annotation such as name@odata.bind is allowed)`;
  }
  return undefined;
}

export class UnsafeFieldPathError extends Error {
  readonly code = 'UNSAFE_FIELD_PATH' as const;

  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`field path "${path}" ${problem}`);
  }
}

function checkedSegments(path: string): string[] {
  const problem = fieldPathProblem(path);
  if (problem) throw new UnsafeFieldPathError(path, problem);
  return fieldPathSegments(path);
}

/** A record without a prototype: no key it is given can reach Object.prototype. */
export function emptyRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** Sets a dotted ERP field path into a nested payload of null-prototype objects; unsafe paths throw. */
export function setFieldPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = checkedSegments(path);
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (next === undefined || next === null || typeof next !== 'object' || Array.isArray(next)) node[segment] = emptyRecord();
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1] ?? path] = value;
}

/** Reads a dotted ERP field path from a payload, looking only at own properties. */
export function getFieldPath(source: Record<string, unknown>, path: string): unknown {
  return fieldPathSegments(path).reduce<unknown>(
    (node, segment) =>
      node && typeof node === 'object' && Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined,
    source,
  );
}
