/**
 * What happened to one (connection, record type) of a run:
 * - completed: both sides read to the end and compared;
 * - unsupported: the connection kind cannot be read back (SOAP, CSV/SFTP, webhook) or no canonical reader exists
 *   for the record type: nothing was compared, and the run says so;
 * - failed: reading or comparing stopped with an error.
 */
export type UnitOutcome = 'completed' | 'unsupported' | 'failed';

/**
 * A run's status from its units': `completed` only when every unit was compared; `partial` when some could not
 * be read (unsupported) and the rest were; `unsupported` when none could be; `failed` when any failed.
 */
export type RunOutcome = 'completed' | 'partial' | 'unsupported' | 'failed';

export function runOutcomeOf(units: readonly UnitOutcome[]): RunOutcome {
  if (units.includes('failed')) return 'failed';
  if (units.length === 0 || units.every((unit) => unit === 'unsupported')) return 'unsupported';
  return units.includes('unsupported') ? 'partial' : 'completed';
}

/** Why a unit cannot be read, or undefined when it can. */
export function unsupportedReason(input: {
  connectorReads: boolean;
  hasCanonicalReader: boolean;
  erpKind: string;
  recordType: string;
}): string | undefined {
  if (!input.connectorReads) return `${input.erpKind} connections cannot be read back`;
  if (!input.hasCanonicalReader) return `no canonical reader for ${input.erpKind} ${input.recordType}`;
  return undefined;
}
