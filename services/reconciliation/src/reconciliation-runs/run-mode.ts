/** What a run was asked to do: read everything, or only what changed since the last completed run. */
export type RunMode = 'full' | 'incremental';

export const RUN_MODES: readonly RunMode[] = ['full', 'incremental'];

/** The mode of a run when the request names none: full, what a run did before incremental runs existed. */
export const DEFAULT_RUN_MODE: RunMode = 'full';

/**
 * How one unit (connection × record type) of a run is read:
 * - full: both sides in full (`reason` says why when incremental was asked for);
 * - incremental: the ERP's records changed at or after `erpChangedSince` (its change cursor) and the books'
 *   records delivered, or whose canonical body arrived, after `booksChangedAfter` (epoch ms).
 */
export type UnitWindow =
  | { mode: 'full'; reason: 'requested' | 'no_watermark' | 'no_change_cursor' }
  | { mode: 'incremental'; watermark: number; erpChangedSince: string; booksChangedAfter: number };

export interface UnitWindowInput {
  requested: RunMode;
  /** Epoch ms the last completed run of this unit started at; undefined when none has completed. */
  watermark: number | undefined;
  /** The ERP's change cursor (Dataverse modifiedon), when its connector can read only what changed. */
  changeCursor: string | undefined;
  /** ERP and Ferry clocks differ: the window opens this much before the watermark, so no change falls between runs. */
  clockSkewMs: number;
}

/** Which window a unit is read in. Pure: the runner decides it once per unit and keeps it in the checkpoint. */
export function unitWindowOf(input: UnitWindowInput): UnitWindow {
  if (input.requested === 'full') return { mode: 'full', reason: 'requested' };
  if (input.changeCursor === undefined) return { mode: 'full', reason: 'no_change_cursor' };
  if (input.watermark === undefined) return { mode: 'full', reason: 'no_watermark' };
  const since = input.watermark - input.clockSkewMs;
  return { mode: 'incremental', watermark: input.watermark, erpChangedSince: new Date(since).toISOString(), booksChangedAfter: since };
}

/** What the run's output says about a unit read in full although incremental was asked for. */
export function fallbackNoteOf(window: UnitWindow): string | undefined {
  if (window.mode !== 'full') return undefined;
  switch (window.reason) {
    case 'requested':
      return undefined;
    case 'no_watermark':
      return 'incremental asked for, read in full: no completed run of this unit yet to start from';
    case 'no_change_cursor':
      return 'incremental asked for, read in full: this ERP connection cannot read only what changed';
    default:
      return exhaustive(window.reason);
  }
}

/** The body of POST …/reconciliation-runs: `{ mode }` or nothing; an error message for anything else. */
export function requestedModeOf(body: unknown): RunMode | { error: string } {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return DEFAULT_RUN_MODE;
  if (typeof body !== 'object' || Array.isArray(body)) return { error: 'the body must be a JSON object' };
  const unknown = Object.keys(body).filter((key) => key !== 'mode');
  if (unknown.length > 0) return { error: `unknown field ${unknown.join(', ')}` };
  const mode = (body as { mode?: unknown }).mode;
  if (mode === undefined) return DEFAULT_RUN_MODE;
  return RUN_MODES.includes(mode as RunMode) ? (mode as RunMode) : { error: `mode must be one of ${RUN_MODES.join(', ')}` };
}

function exhaustive(value: never): never {
  throw new Error(`unknown fallback reason ${String(value)}`);
}
