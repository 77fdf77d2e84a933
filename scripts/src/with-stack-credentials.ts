import { spawn } from 'node:child_process';
import { principalEnv, testStack } from '@ferry/testing';

/**
 * node dist/scripts/src/with-stack-credentials.js <command…>
 * Runs a command against the test stack (see testStack) with the addresses and the admin credentials in its
 * environment (KAFKA_SASL_*, SCHEMA_REGISTRY_USERNAME/PASSWORD): how npm test runs the CLIs, e.g.
 * schemas:check, against the local stack, whose registry and broker refuse anonymous clients.
 */
async function main(): Promise<number> {
  const [program, ...args] = process.argv.slice(2);
  if (!program) throw new Error('usage: with-stack-credentials <command…>');
  const env = { ...process.env, ...principalEnv(testStack()) };
  return new Promise<number>((resolve) => {
    const child = spawn(program, args, { stdio: 'inherit', env });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`with-stack-credentials: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
