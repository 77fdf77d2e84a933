import { fallbackNoteOf, requestedModeOf, unitWindowOf, type UnitWindow, type UnitWindowInput } from './run-mode';

const watermark = Date.parse('2026-12-01T10:00:00Z');
const base: UnitWindowInput = { requested: 'incremental', watermark, changeCursor: 'modifiedon', clockSkewMs: 5_000 };

describe('which window a unit of a run is read in', () => {
  it.each<[string, Partial<UnitWindowInput>, UnitWindow, string | undefined]>([
    ['full asked for: full, whatever the watermark', { requested: 'full' }, { mode: 'full', reason: 'requested' }, undefined],
    [
      'incremental, first run of the unit (no watermark): full, and the output says so',
      { watermark: undefined },
      { mode: 'full', reason: 'no_watermark' },
      'incremental asked for, read in full: no completed run of this unit yet to start from',
    ],
    [
      'incremental on an ERP without a change cursor: full, and the output says so',
      { changeCursor: undefined },
      { mode: 'full', reason: 'no_change_cursor' },
      'incremental asked for, read in full: this ERP connection cannot read only what changed',
    ],
    [
      'incremental with a watermark: both sides from the watermark less the clock skew',
      {},
      {
        mode: 'incremental',
        watermark,
        erpChangedSince: '2026-12-01T09:59:55.000Z',
        booksChangedAfter: watermark - 5_000,
      },
      undefined,
    ],
  ])('%s', (_case, input, window, note) => {
    const decided = unitWindowOf({ ...base, ...input });
    expect(decided).toEqual(window);
    expect(fallbackNoteOf(decided)).toBe(note);
  });

  it.each<[string, unknown, ReturnType<typeof requestedModeOf>]>([
    ['no body: full', undefined, 'full'],
    ['an empty object: full', {}, 'full'],
    ['incremental', { mode: 'incremental' }, 'incremental'],
    ['full', { mode: 'full' }, 'full'],
    ['another mode', { mode: 'delta' }, { error: 'mode must be one of full, incremental' }],
    ['an unknown field', { mode: 'full', since: 'yesterday' }, { error: 'unknown field since' }],
    ['not an object', 'incremental', { error: 'the body must be a JSON object' }],
  ])('the request body: %s', (_case, body, expected) => expect(requestedModeOf(body)).toEqual(expected));
});
