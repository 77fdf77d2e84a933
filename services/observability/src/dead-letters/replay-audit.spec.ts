import { replayAuditEntry, type ReplayRequestSummary } from './replay-audit';

const base: ReplayRequestSummary = { tenantId: 'acme', actor: 'operator:sam', ids: undefined, filter: {}, reason: undefined };

describe('replayAuditEntry', () => {
  it.each<[string, ReplayRequestSummary, { subject: string; reason: string | null }]>([
    ['named ids', { ...base, ids: ['dl-1', 'dl-2'] }, { subject: 'ids:dl-1,dl-2', reason: null }],
    ['a filter', { ...base, filter: { errorClass: 'mapping' } }, { subject: 'filter:{"errorClass":"mapping"}', reason: null }],
    ['a reason given', { ...base, ids: ['dl-1'], reason: 'mapping fixed in v4' }, { subject: 'ids:dl-1', reason: 'mapping fixed in v4' }],
  ])('names the subject and reason for %s', (_case, request, expected) => {
    expect(replayAuditEntry(request, [], [])).toMatchObject({ action: 'dead-letters.replay', actor: 'operator:sam', ...expected });
  });

  it('records what was open before and what became of each', () => {
    const entry = replayAuditEntry(
      { ...base, ids: ['dl-1', 'dl-9'] },
      ['dl-1'],
      [
        { deadLetterId: 'dl-1', service: 'transformation', eventId: 'e1', outcome: 'replayed', topic: 't', replayCount: 1 },
        { deadLetterId: 'dl-9', service: 'unknown', eventId: null, outcome: 'refused', reason: 'NOT_OPEN: …' },
      ],
    );
    expect(entry.before).toEqual({ open: ['dl-1'] });
    expect(entry.after).toEqual({
      items: [
        { deadLetterId: 'dl-1', outcome: 'replayed' },
        { deadLetterId: 'dl-9', outcome: 'refused', reason: 'NOT_OPEN: …' },
      ],
    });
  });
});
