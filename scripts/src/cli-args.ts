import {
  connectionEnvSchema,
  loadConfig,
  toConnectionConfig,
  type KafkaConnectionConfig,
  type RegistryConnectionConfig,
} from '@ferry/config';

/** `--name value` pairs from argv; flags without a value are "true". */
export function cliArgs(argv = process.argv.slice(2)): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      args[arg.slice(2)] = next;
      i += 1;
    } else args[arg.slice(2)] = 'true';
  }
  return args;
}

/** Every value of a flag that may be given more than once (`--service a --service b`, or `--service a,b`). */
export function repeatedArg(name: string, argv = process.argv.slice(2)): string[] {
  const values: string[] = [];
  argv.forEach((arg, i) => {
    const next = argv[i + 1];
    if (arg === `--${name}` && next !== undefined && !next.startsWith('--')) values.push(...next.split(',').filter(Boolean));
  });
  return values;
}

/**
 * Kafka and the registry as the environment describes them (KAFKA_BROKERS, SCHEMA_REGISTRY_URL and their
 * credentials), validated like a service's: a ConfigError lists every bad variable.
 */
export function connectionFromEnv(tool: string): { kafka: KafkaConnectionConfig; registry: RegistryConnectionConfig } {
  return toConnectionConfig(loadConfig(tool, connectionEnvSchema(), process.env));
}
