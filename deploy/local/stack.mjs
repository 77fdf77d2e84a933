// Ferry's local stack without Docker: Apache Kafka (KRaft, single node) and Apicurio Registry (SQL storage in
// PostgreSQL), resolved from Maven Central by deploy/local/pom.xml and run as plain Java processes.
// PostgreSQL itself is the machine's server (DATABASE_URL, default 127.0.0.1:5432).
//
// Both require authentication, as a production cluster would: Kafka listens with SASL/SCRAM-SHA-512 (and PLAIN)
// and authorizes with ACLs (StandardAuthorizer, deny unless allowed); the registry takes HTTP basic auth with a
// role per user. Each principal in principals.json gets its own password, generated at the first `up` into
// .ferry/stack/credentials.json. ACLs for Ferry's principals are granted by whoever starts Ferry (npm start, the
// test harness, or `npm run kafka:acls`), because they depend on the consumer-group prefix of that run.
//
//   node deploy/local/stack.mjs up | down | status
//   node deploy/local/stack.mjs kafka-stop | kafka-start   (the fault-injection suite stops the broker mid-stream)
//   node deploy/local/stack.mjs env [principal]           (KEY=value settings of a principal, default the super user)
//
// Idempotent: `up` leaves running components alone, `down` on a stopped stack is a no-op.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import {
  KAFKA_MECHANISM,
  clientEnv,
  ensureCredentials,
  fingerprint,
  jaas,
  kafkaProperties,
  readPrincipals,
  registryAuthProperties,
  writeSecretFile,
} from './stack-security.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const state = join(root, '.ferry', 'stack');
const logs = join(state, 'logs');
const target = join(here, 'target');
const require = createRequire(import.meta.url);

const env = process.env;
const KAFKA_PORT = Number(env.FERRY_KAFKA_PORT ?? 9092);
const KAFKA_CONTROLLER_PORT = Number(env.FERRY_KAFKA_CONTROLLER_PORT ?? 9093);
const REGISTRY_PORT = Number(env.FERRY_REGISTRY_PORT ?? 8081);
const DATABASE_URL = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REGISTRY_DATABASE = env.FERRY_REGISTRY_DATABASE ?? 'ferry_registry';
const JAVA = env.FERRY_JAVA ?? (env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java');

const components = {
  kafka: { name: 'Kafka', port: KAFKA_PORT, pidFile: join(state, 'kafka.pid'), log: join(logs, 'kafka.log') },
  registry: { name: 'Apicurio Registry', port: REGISTRY_PORT, pidFile: join(state, 'registry.pid'), log: join(logs, 'registry.log') },
};

const say = (message) => process.stdout.write(`stack: ${message}\n`);
const fail = (message) => {
  process.stderr.write(`stack: ERROR: ${message}\n`);
  process.exit(1);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

function pidAlive(pidFile) {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function waitFor(what, check, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(500);
  }
  const tail = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n') : '';
  fail(`${what} did not come up within ${timeoutMs / 1000}s. Last lines of ${logFile}:\n${tail}`);
}

function javaMajor() {
  const result = spawnSync(JAVA, ['-version'], { encoding: 'utf8' });
  if (result.error) fail(`cannot run Java (${JAVA}): ${result.error.message}. Install Java 17+ or set FERRY_JAVA / JAVA_HOME.`);
  const match = /version "(\d+)/.exec(result.stderr ?? '');
  return match ? Number(match[1]) : 0;
}

/** Runs Maven only when the pinned pom changed since the last resolution (stamp = pom hash). */
function resolveArtifacts() {
  const pom = join(here, 'pom.xml');
  const hash = createHash('sha256').update(readFileSync(pom)).digest('hex');
  const stamp = join(target, '.resolved');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && existsSync(join(target, 'apicurio', 'app'))) return;
  say('resolving Kafka and Apicurio Registry from Maven Central (first run downloads ~250 MB)…');
  const started = Date.now();
  const mvn = spawnSync('mvn', ['-B', '-q', '-f', pom, 'package'], { stdio: 'inherit' });
  if (mvn.error) fail(`cannot run Maven: ${mvn.error.message}. Install Maven 3.8+.`);
  if (mvn.status !== 0) fail('Maven could not resolve the stack artifacts (see its output above).');
  const archiveDir = join(target, 'apicurio');
  const archive = readdirSync(archiveDir).find((file) => file.endsWith('.tar.gz'));
  if (!archive) fail(`no Apicurio archive in ${archiveDir}`);
  rmSync(join(archiveDir, 'app'), { recursive: true, force: true });
  mkdirSync(join(archiveDir, 'app'), { recursive: true });
  const tar = spawnSync('tar', ['xzf', join(archiveDir, archive), '-C', join(archiveDir, 'app')], { stdio: 'inherit' });
  if (tar.status !== 0) fail(`could not unpack ${archive}`);
  writeFileSync(stamp, hash);
  say(`artifacts resolved in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function startDetached(command, args, logFile, pidFile, extraEnv = {}) {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env: { ...env, ...extraEnv } });
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  return child.pid;
}

/** Bumped whenever a change to the broker's security needs storage formatted again (SCRAM users live in it). */
const KAFKA_LAYOUT = 'sasl-scram-acl/1';
const kafkaDataDir = join(state, 'kafka-data');
const kafkaConfigFile = join(state, 'kafka-server.properties');
const kafkaFormatStamp = join(state, 'kafka-format.json');
const kafkaClasspath = `${join(target, 'kafka', 'libs')}/*`;

let credentialsOnce;
/** Read (and completed) once per run: Kafka and the registry start concurrently and must share the passwords. */
function stackCredentials() {
  credentialsOnce ??= ensureCredentials(state, readPrincipals(here), {
    kafka: `127.0.0.1:${KAFKA_PORT}`,
    registry: `http://127.0.0.1:${REGISTRY_PORT}/apis/ccompat/v7`,
  }).credentials;
  return credentialsOnce;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Formatted storage holds the SCRAM credentials, so it must match this stack's layout and passwords. Storage
 * from a broker without authentication (the stack before SCRAM), or whose passwords were lost, is moved aside
 * (one old copy kept) and formatted again: topics and offsets start empty, Ferry recreates its topics.
 */
function checkFormattedStorage(credentials) {
  if (!existsSync(join(kafkaDataDir, 'meta.properties'))) return;
  const stamp = readJson(kafkaFormatStamp);
  const reason = !stamp
    ? 'was formatted for a broker without authentication (PLAINTEXT, no ACLs)'
    : stamp.layout !== KAFKA_LAYOUT
      ? `was formatted for an older layout (${stamp.layout})`
      : Object.entries(stamp.users ?? {}).some(([name, print]) => {
            const held = credentials.principals[name];
            return held && fingerprint(held.kafkaPassword) !== print;
          })
        ? 'holds SCRAM passwords other than those in .ferry/stack/credentials.json'
        : undefined;
  if (!reason) return;
  const aside = `${kafkaDataDir}.before-${new Date().toISOString().slice(0, 10)}`;
  rmSync(aside, { recursive: true, force: true });
  renameSync(kafkaDataDir, aside);
  say(
    `Kafka storage in ${kafkaDataDir} ${reason}; moved it to ${aside} (delete it when you no longer need it) and formatting it again with SCRAM-SHA-512 users and ACLs on. Topics and consumer offsets start empty; Ferry creates its topics again at start-up.`,
  );
}

function formatStorage(credentials, log4j) {
  if (existsSync(join(kafkaDataDir, 'meta.properties'))) return;
  const clusterId =
    spawnSync(JAVA, ['-cp', kafkaClasspath, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' }).stdout.trim() || randomUUID();
  const scram = Object.entries(credentials.principals).flatMap(([name, p]) => [
    '--add-scram',
    `${KAFKA_MECHANISM}=[name=${name},password=${p.kafkaPassword}]`,
  ]);
  const format = spawnSync(
    JAVA,
    [
      '-cp',
      kafkaClasspath,
      `-Dlog4j2.configurationFile=${log4j}`,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      kafkaConfigFile,
      ...scram,
    ],
    { encoding: 'utf8' },
  );
  if (format.status !== 0)
    fail(`formatting Kafka storage failed:\n${format.stdout}${format.stderr}`.replaceAll(/password=[^\]\s]+/g, 'password=…'));
  const users = Object.fromEntries(Object.entries(credentials.principals).map(([name, p]) => [name, fingerprint(p.kafkaPassword)]));
  writeFileSync(kafkaFormatStamp, `${JSON.stringify({ layout: KAFKA_LAYOUT, clusterId, users }, null, 2)}\n`);
}

/** Principals added to principals.json after storage was formatted get their SCRAM credentials through the admin API. */
function addMissingScramUsers(credentials) {
  const stamp = readJson(kafkaFormatStamp);
  const missing = Object.keys(credentials.principals).filter((name) => !stamp.users[name]);
  if (missing.length === 0) return;
  const admin = credentials.principals[credentials.superUser];
  const clientConfig = join(state, 'kafka-admin-client.properties');
  writeSecretFile(
    clientConfig,
    [
      'security.protocol=SASL_PLAINTEXT',
      `sasl.mechanism=${KAFKA_MECHANISM}`,
      `sasl.jaas.config=${jaas('scram.ScramLoginModule', { username: credentials.superUser, password: admin.kafkaPassword })}`,
      '',
    ].join('\n'),
  );
  for (const name of missing) {
    const added = spawnSync(
      JAVA,
      [
        '-cp',
        kafkaClasspath,
        'kafka.admin.ConfigCommand',
        '--bootstrap-server',
        `127.0.0.1:${KAFKA_PORT}`,
        '--command-config',
        clientConfig,
        '--alter',
        '--entity-type',
        'users',
        '--entity-name',
        name,
        '--add-config',
        `${KAFKA_MECHANISM}=[password=${credentials.principals[name].kafkaPassword}]`,
      ],
      { encoding: 'utf8' },
    );
    if (added.status !== 0) fail(`adding the SCRAM user ${name} failed:\n${added.stderr}`.replaceAll(/password=[^\]\s]+/g, 'password=…'));
    stamp.users[name] = fingerprint(credentials.principals[name].kafkaPassword);
    say(`added SCRAM user ${name}`);
  }
  writeFileSync(kafkaFormatStamp, `${JSON.stringify(stamp, null, 2)}\n`);
}

async function upKafka() {
  const c = components.kafka;
  const credentials = stackCredentials();
  const properties = kafkaProperties({ credentials, kafkaPort: KAFKA_PORT, controllerPort: KAFKA_CONTROLLER_PORT, dataDir: kafkaDataDir });
  if (pidAlive(c.pidFile) && (await portOpen(c.port))) {
    const running = existsSync(kafkaConfigFile) ? readFileSync(kafkaConfigFile, 'utf8') : '';
    if (running === properties) return say(`${c.name} already running on 127.0.0.1:${c.port}`);
    say(
      `${c.name} is running with an older configuration (${running.includes('SASL_PLAINTEXT') ? 'other principals' : 'no authentication'}); restarting it`,
    );
    await stop(c);
  } else if (await portOpen(c.port)) {
    return say(`something already listens on 127.0.0.1:${c.port}; using it as Kafka (not managed here: its authentication is its own)`);
  }
  writeSecretFile(kafkaConfigFile, properties);
  const log4j = join(state, 'kafka-log4j2.yaml');
  writeFileSync(
    log4j,
    `Configuration:\n  Appenders:\n    File:\n      name: file\n      fileName: "${join(logs, 'kafka-server.log')}"\n      PatternLayout:\n        pattern: "[%d] %p %m (%c)%n"\n  Loggers:\n    Root:\n      level: INFO\n      AppenderRef:\n        - ref: file\n`,
  );
  checkFormattedStorage(credentials);
  formatStorage(credentials, log4j);
  startDetached(
    JAVA,
    ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', `-Dlog4j2.configurationFile=${log4j}`, '-cp', kafkaClasspath, 'kafka.Kafka', kafkaConfigFile],
    c.log,
    c.pidFile,
  );
  say(`starting ${c.name} on 127.0.0.1:${c.port} (SASL ${KAFKA_MECHANISM}, ACLs on)…`);
  await waitFor(c.name, () => portOpen(c.port), 90_000, join(logs, 'kafka-server.log'));
  addMissingScramUsers(credentials);
}

async function ensureRegistryDatabase() {
  let pg;
  try {
    pg = require('pg');
  } catch {
    fail('the pg package is missing; run `npm ci` first (npm start and npm test do it for you)');
  }
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const { host, port } = new URL(DATABASE_URL);
    fail(`PostgreSQL is not reachable at ${host}:${port || 5432} (DATABASE_URL): ${error.message}`);
  }
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [REGISTRY_DATABASE]);
  if (!found.rowCount) {
    await client.query(`CREATE DATABASE "${REGISTRY_DATABASE}"`);
    say(`created database ${REGISTRY_DATABASE} for the registry`);
  }
  await client.end();
}

async function registryReady() {
  try {
    const response = await fetch(`http://127.0.0.1:${REGISTRY_PORT}/health/ready`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function upRegistry() {
  const c = components.registry;
  const authFile = join(state, 'registry-auth.properties');
  const auth = registryAuthProperties(stackCredentials(), readPrincipals(here).roles);
  if (pidAlive(c.pidFile) && (await registryReady())) {
    const running = existsSync(authFile) ? readFileSync(authFile, 'utf8') : '';
    if (running === auth) return say(`${c.name} already running on 127.0.0.1:${c.port}`);
    say(`${c.name} is running with ${running ? 'other users' : 'no authentication'}; restarting it`);
    await stop(c);
  } else if (await portOpen(c.port)) {
    await waitFor(c.name, registryReady, 60_000, c.log);
    return say(
      `something already listens on 127.0.0.1:${c.port}; using it as the registry (not managed here: its authentication is its own)`,
    );
  }
  await ensureRegistryDatabase();
  writeSecretFile(authFile, auth);
  const appDir = join(target, 'apicurio', 'app');
  const jar = readdirSync(appDir).find((file) => file === 'quarkus-run.jar' || file.endsWith('-runner.jar'));
  if (!jar) fail(`no runnable jar in ${appDir}`);
  const db = new URL(DATABASE_URL);
  startDetached(JAVA, ['-Xms128m', '-Xmx512m', '-jar', join(appDir, jar)], c.log, c.pidFile, {
    APICURIO_STORAGE_KIND: 'sql',
    APICURIO_STORAGE_SQL_KIND: 'postgresql',
    APICURIO_DATASOURCE_URL: `jdbc:postgresql://${db.hostname}:${db.port || 5432}/${REGISTRY_DATABASE}`,
    APICURIO_DATASOURCE_USERNAME: decodeURIComponent(db.username || 'postgres'),
    APICURIO_DATASOURCE_PASSWORD: decodeURIComponent(db.password || ''),
    QUARKUS_HTTP_HOST: '127.0.0.1',
    QUARKUS_HTTP_PORT: String(c.port),
    QUARKUS_LOG_LEVEL: 'WARN',
    // Users and passwords from a file only its owner reads, not the environment or the command line.
    QUARKUS_CONFIG_LOCATIONS: authFile,
    // Registering the same schema twice must return the same id (Confluent behaviour).
    APICURIO_CCOMPAT_LEGACY_ID_MODE_ENABLED: 'false',
  });
  say(`starting ${c.name} on 127.0.0.1:${c.port} (basic auth, schemas stored in PostgreSQL database ${REGISTRY_DATABASE})…`);
  await waitFor(c.name, registryReady, 120_000, c.log);
}

async function stop(component) {
  const pid = pidAlive(component.pidFile);
  if (!pid) {
    rmSync(component.pidFile, { force: true });
    return say(`${component.name} is not running`);
  }
  process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && pidAlive(component.pidFile)) await sleep(300);
  if (pidAlive(component.pidFile)) process.kill(-pid, 'SIGKILL');
  rmSync(component.pidFile, { force: true });
  say(`${component.name} stopped`);
}

async function status() {
  let allUp = true;
  for (const c of Object.values(components)) {
    const pid = pidAlive(c.pidFile);
    const open = c === components.registry ? await registryReady() : await portOpen(c.port);
    allUp &&= open;
    say(`${c.name.padEnd(18)} ${open ? 'up  ' : 'down'}  127.0.0.1:${c.port}${pid ? `  pid ${pid}` : ''}  log ${c.log}`);
  }
  const { hostname, port } = new URL(DATABASE_URL);
  const pgUp = await portOpen(Number(port || 5432), hostname);
  allUp &&= pgUp;
  say(`${'PostgreSQL'.padEnd(18)} ${pgUp ? 'up  ' : 'down'}  ${hostname}:${port || 5432} (DATABASE_URL; not managed by this script)`);
  say(`clients: KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT} SCHEMA_REGISTRY_URL=http://127.0.0.1:${REGISTRY_PORT}/apis/ccompat/v7`);
  say(`credentials: SASL SCRAM-SHA-512 and registry basic auth, one user per principal (deploy/local/principals.json);`);
  say(`  \`node deploy/local/stack.mjs env <principal>\` prints a principal's settings (passwords in .ferry/stack/credentials.json)`);
  return allUp;
}

/** KEY=value lines for one principal, for `set -a; eval "$(node deploy/local/stack.mjs env admin)"; set +a`. */
function printEnv(name) {
  const file = join(state, 'credentials.json');
  if (!existsSync(file)) fail('the stack has no credentials yet; run `node deploy/local/stack.mjs up` first');
  const credentials = JSON.parse(readFileSync(file, 'utf8'));
  const lines = clientEnv(credentials, name ?? credentials.superUser);
  if (!lines) fail(`no principal ${name}; known: ${Object.keys(credentials.principals).join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

const command = process.argv[2];
if (command === 'env') {
  printEnv(process.argv[3]);
  process.exit(0);
}
mkdirSync(logs, { recursive: true });
const started = Date.now();
if (command === 'up') {
  const major = javaMajor();
  if (major < 17) fail(`Java ${major || '?'} found; Kafka 4 and Apicurio 3.0 need Java 17+ (set FERRY_JAVA or JAVA_HOME).`);
  resolveArtifacts();
  await Promise.all([upKafka(), upRegistry()]);
  say(`stack up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  await status();
} else if (command === 'down') {
  await Promise.all([stop(components.registry), stop(components.kafka)]);
} else if (command === 'status') {
  process.exit((await status()) ? 0 : 1);
} else if (command === 'kafka-stop') {
  await stop(components.kafka);
} else if (command === 'kafka-start') {
  resolveArtifacts();
  await upKafka();
  say(`Kafka up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
} else {
  fail('usage: stack.mjs up | down | status | kafka-stop | kafka-start | env [principal]');
}
