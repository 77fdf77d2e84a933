/** Thrown at start-up when the environment does not describe a runnable service; lists every bad variable at once. */
export class ConfigError extends Error {
  readonly code = 'FERRY_CONFIG_INVALID';

  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service}: invalid configuration\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
