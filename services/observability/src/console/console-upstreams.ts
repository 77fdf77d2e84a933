/** The Ferry services whose HTTP APIs the console may reach through observability, by name. */
export type ConsoleUpstreams = ReadonlyMap<string, string>;

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Parses CONSOLE_UPSTREAMS (`control-plane=http://host:3006,delivery-netsuite=http://host:3003`).
 * Returns the problems instead of throwing, so the config loader lists every bad variable at once.
 */
export function parseConsoleUpstreams(value: string): { upstreams: ConsoleUpstreams; problems: string[] } {
  const upstreams = new Map<string, string>();
  const problems: string[] = [];
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf('=');
    const name = separator > 0 ? entry.slice(0, separator) : '';
    const url = separator > 0 ? entry.slice(separator + 1) : '';
    if (!SERVICE_NAME.test(name)) {
      problems.push(`"${entry}" is not <service-name>=<http(s) URL>`);
      continue;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`${name}: "${url}" is not a URL`);
      continue;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`${name}: only http and https URLs`);
    else if (parsed.username || parsed.password) problems.push(`${name}: the URL must not carry credentials`);
    else if (upstreams.has(name)) problems.push(`${name}: named twice`);
    else upstreams.set(name, parsed.origin);
  }
  return { upstreams, problems };
}

export type ProxyDecision = { allowed: true; url: string } | { allowed: false; status: 400 | 404; message: string };

/**
 * Where a console call `<service>/<path>?<query>` goes. Only configured services, and only their tenant
 * APIs (`v1/tenants/...`): the console never reaches health, metrics or operator-wide operations through here.
 * The upstream still checks the caller's key itself; this decides reachability, not permission.
 */
export function proxyTarget(upstreams: ConsoleUpstreams, service: string, pathAndQuery: string): ProxyDecision {
  const origin = upstreams.get(service);
  if (!origin) return { allowed: false, status: 404, message: `the console reaches no service named "${service}"` };
  const [path = '', query] = splitOnce(pathAndQuery, '?');
  const segments = path.split('/');
  const safe = segments.every((segment) => /^[A-Za-z0-9._~-]+$/.test(segment) && segment !== '.' && segment !== '..');
  if (!safe || segments[0] !== 'v1' || segments[1] !== 'tenants' || segments.length < 3)
    return { allowed: false, status: 400, message: 'the console reaches only v1/tenants/<tenantId>/… paths' };
  return { allowed: true, url: `${origin}/${path}${query ? `?${query}` : ''}` };
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}
