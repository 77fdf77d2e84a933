import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  FERRY_SERVICES,
  SIMULATORS,
  assembleImage,
  parseRuntimeStage,
  repositoryRoot,
  startFerry,
  testStack,
  type AssembledImage,
  type E2eEnvironment,
} from '@ferry/testing';

/**
 * The image starts, proven without Docker: every process runs from a folder holding exactly what the runtime
 * stage of deploy/docker/Dockerfile copies (read-only, production packages only, the stage's ENV and numeric
 * USER), against the real stack. A file a service reads at run time that the image would not have makes its start fail here.
 * Build first (node scripts/build.mjs): the build stage's outputs are taken from the repository.
 * The SAP simulator is not in the image (it needs a development dependency), so it is not started.
 */
/** Whether a process running as uid:gid can read `path` (every directory above it included). */
function canRead(path: string, uid: number, gid: number): boolean {
  const probe = spawnSync(
    process.execPath,
    ['-e', 'require("node:fs").accessSync(process.argv[1], require("node:fs").constants.R_OK)', path],
    {
      uid,
      gid,
      stdio: 'ignore',
    },
  );
  return probe.status === 0;
}

describe('the Ferry image', () => {
  const root = repositoryRoot();
  const stage = parseRuntimeStage(readFileSync(join(root, 'deploy', 'docker', 'Dockerfile'), 'utf8'));
  const processes = [...SIMULATORS.filter((name) => name !== 'sap-s4-simulator'), ...FERRY_SERVICES];
  const databasePrefix = `${process.env['FERRY_IT_DATABASE_PREFIX'] ?? 'ferry_it_'}image_${randomBytes(3).toString('hex')}_`;
  let image: AssembledImage | undefined;
  let ferry: E2eEnvironment | undefined;

  beforeAll(async () => {
    image = assembleImage(root, stage);
    // SERVICE and the listen addresses are the container's business; the ports are the test's.
    const { SERVICE: _service, HTTP_HOST: _host, SIMULATOR_HOST: _simulatorHost, ...imageEnv } = stage.env;
    // As the image's USER: a runner that is root would otherwise write where the container could not.
    const [uid, gid] = (stage.user ?? '').split(':').map(Number);
    // The image's packages are linked from this checkout's node_modules; a checkout inside a private directory
    // (mktemp -d is 0700) cannot be read by that user, so the services then run as this runner, saying so.
    const asImageUser = Boolean(uid && gid) && canRead(join(root, 'node_modules', 'pino', 'package.json'), uid!, gid!);
    if (uid && gid && !asImageUser)
      process.stdout.write(`image smoke: ${root} is not readable by uid ${uid}; the services run as the current user\n`);
    ferry = await startFerry({
      purpose: 'image_smoke',
      root: image.root,
      databasePrefix,
      env: imageEnv,
      services: processes,
      ...(asImageUser ? { runAs: { uid: uid!, gid: gid! } } : {}),
    });
  });

  afterAll(async () => {
    await ferry?.stop();
    image?.remove();
    const admin = new Client({ connectionString: testStack().databaseUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1', [
        databasePrefix,
      ]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}"`);
    } finally {
      await admin.end();
    }
  });

  it.each(FERRY_SERVICES)('starts %s from the image’s files, healthy', async (service) => {
    const response = await fetch(`${ferry!.processes.url(service)}/health`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
  });

  it('serves the control plane’s OpenAPI document, read from the image at start-up', async () => {
    const response = await fetch(`${ferry!.processes.url('control-plane')}/v1/openapi.json`, {
      headers: { Authorization: `Bearer ${ferry!.operatorToken}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ openapi: expect.any(String) });
  });

  it('stops every service on SIGTERM, drained, with exit code 0', async () => {
    const codes = await Promise.all(FERRY_SERVICES.map(async (service) => [service, await ferry!.processes.signal(service)] as const));
    expect(Object.fromEntries(codes)).toEqual(Object.fromEntries(FERRY_SERVICES.map((service) => [service, 0])));
  });
});
