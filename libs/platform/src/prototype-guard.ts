/**
 * Whether this process runs with `node --disable-proto=throw`: Object.prototype.__proto__ then throws instead of
 * reaching the prototype, so no key a tenant names (a mapping field, a JSON property) can re-point or pollute it.
 */
export function prototypeAccessThrows(): boolean {
  try {
    Reflect.get(Object.prototype, '__proto__', {});
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_PROTO_ACCESS';
  }
}

export const PROTOTYPE_GUARD_MISSING =
  'Ferry services must run with `node --disable-proto=throw` (Object.prototype.__proto__ must throw); start the service with that flag, or set NODE_OPTIONS=--disable-proto=throw';
