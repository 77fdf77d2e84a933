/**
 * The chart README's promise "every value, with its default": each key of values.yaml must be named in the README
 * (as `a.b.c`), services' keys as `services.<name>.<key>`. Maps of free-form entries (labels, env, resources, …) are
 * documented as one key.
 */
const FREE_FORM_KEYS = new Set([
  'commonLabels',
  'commonAnnotations',
  'annotations',
  'labels',
  'env',
  'resources',
  'podSecurityContext',
  'containerSecurityContext',
  'podAnnotations',
  'podLabels',
  'nodeSelector',
  'affinity',
  'oauthbearer',
]);

/** Dotted paths of every documented key of a values object; services' own keys as services.<name>.<key>. */
export function valuePaths(values: Record<string, unknown>, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const path = prefix === 'services' ? 'services.<name>' : prefix ? `${prefix}.${key}` : key;
    const nested = value !== null && typeof value === 'object' && !Array.isArray(value) && !FREE_FORM_KEYS.has(key);
    if (nested && Object.keys(value).length > 0) paths.push(...valuePaths(value as Record<string, unknown>, path));
    else paths.push(path);
  }
  return [...new Set(paths)];
}

export function undocumentedValues(values: Record<string, unknown>, readme: string): string[] {
  return valuePaths(values).filter((path) => !readme.includes(`\`${path}\``));
}
