/** How often a program hit the sandbox's time or memory limits, and when it last did. */
export interface QuarantineState {
  hits: number;
  lastHitAt: number;
}

export function recordLimitHit(state: QuarantineState | undefined, now: number): QuarantineState {
  return { hits: (state?.hits ?? 0) + 1, lastHitAt: now };
}

/**
 * Why a program's next task is refused without running, or undefined when it may run: after `quarantineAfter`
 * limit hits it is refused for `quarantineMs` from its last hit; then one task may run again, and another hit
 * refuses it again at once.
 */
export function quarantineVerdict(
  state: QuarantineState | undefined,
  now: number,
  options: { quarantineAfter: number; quarantineMs: number },
): string | undefined {
  if (!state || state.hits < options.quarantineAfter) return undefined;
  const until = state.lastHitAt + options.quarantineMs;
  if (now >= until) return undefined;
  return `the expression hit the sandbox's time or memory limit ${state.hits} times; it is not evaluated again for ${Math.ceil((until - now) / 1000)} s or until the mapping changes`;
}
