/** CLI access to the control plane as an operator: CONTROL_PLANE_URL (default local) and FERRY_OPERATOR_TOKEN. */
export async function callControlPlane<T>(method: string, path: string, body?: unknown): Promise<T> {
  const base = process.env['CONTROL_PLANE_URL'] ?? 'http://127.0.0.1:3006';
  const token = process.env['FERRY_OPERATOR_TOKEN'];
  if (!token) throw new Error('FERRY_OPERATOR_TOKEN is not set (npm start keeps a development one in .ferry/dev/operator-token)');
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new Error(`the control plane is not reachable at ${base} (CONTROL_PLANE_URL): ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
