import { useState } from 'preact/hooks';
import { ConfirmDialog, ErrorNote, time, useLoad } from './components';
import { tenantPath, type ConsoleApi, type Session } from './console-api';
import { driftLines, hashOf, mayRemediate, type DriftSummary } from './view-logic';

interface DriftReport {
  runId: string | null;
  finishedAt: string | null;
  drift: DriftSummary;
}
interface SourceRecord {
  recordKey: string;
  source: string;
  recordId: string;
  record: { name?: { full?: string; organisation?: string }; email?: string; taxId?: string };
}
interface MatchReview {
  reviewId: string;
  probability: number;
  createdAt: string;
  left: SourceRecord | null;
  right: SourceRecord | null;
  comparison: { fields: { comparison: string; left: string; right: string; level: string; weight: number }[] };
}
type Decision = { review: MatchReview; decision: 'merge' | 'keepApart' };

const recordName = (record: SourceRecord | null) =>
  record
    ? `${record.record.name?.organisation ?? record.record.name?.full ?? record.recordId} (${record.source})`
    : 'a record since removed';

/**
 * Data quality of one tenant: what its latest reconciliation run found (reconciliation) and the customer pairs the
 * matcher was unsure of (master-data), with the steward's decision: merge them into one golden record, or keep apart.
 */
export function DataQualityView({ api, session, tenantId }: { api: ConsoleApi; session: Session; tenantId: string }) {
  const [dialog, setDialog] = useState<Decision | null>(null);
  const canDecide = mayRemediate(session);
  const drift = useLoad(() => api.via<DriftReport>('reconciliation', 'GET', tenantPath(tenantId, '/reconciliation-drift')), [tenantId]);
  const reviews = useLoad(
    () =>
      canDecide
        ? api.via<{ items: MatchReview[] }>('master-data', 'GET', tenantPath(tenantId, '/match-reviews?limit=50'))
        : Promise.resolve({ items: [] }),
    [tenantId, canDecide],
  );
  return (
    <section data-testid="data-quality-view">
      <p>
        <a href={hashOf({ view: 'tenant', tenantId })}>← Tenant {tenantId}</a>
      </p>
      <h2>Data quality: {tenantId}</h2>

      <h3>Reconciliation</h3>
      <ErrorNote error={drift.error} />
      {drift.data && drift.data.runId === null && <p data-testid="drift-none">No reconciliation run has finished for this tenant yet.</p>}
      {drift.data && drift.data.runId !== null && (
        <div data-testid="drift-summary">
          <p>
            Latest run <code>{drift.data.runId}</code>, finished {time(drift.data.finishedAt)}:
          </p>
          <ul>
            {driftLines(drift.data.drift).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}

      <h3>Customers to review</h3>
      {!canDecide && <p>Reviewing possible duplicates needs an operator or a tenant admin key.</p>}
      <ErrorNote error={reviews.error} />
      {canDecide && reviews.data?.items.length === 0 && <p data-testid="reviews-none">No pair waits for a decision.</p>}
      {reviews.data?.items.map((review) => (
        <article key={review.reviewId} data-testid="match-review">
          <header>
            {recordName(review.left)} and {recordName(review.right)}: {Math.round(review.probability * 100)}% likely the same customer
            (since {time(review.createdAt)})
          </header>
          <table class="striped">
            <thead>
              <tr>
                <th>Field</th>
                <th>One</th>
                <th>Other</th>
                <th>Agreement</th>
              </tr>
            </thead>
            <tbody>
              {review.comparison.fields.map((field) => (
                <tr key={field.comparison}>
                  <td>{field.comparison}</td>
                  <td>{field.left}</td>
                  <td>{field.right}</td>
                  <td>
                    {field.level} ({field.weight > 0 ? '+' : ''}
                    {field.weight.toFixed(1)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <footer>
            <button onClick={() => setDialog({ review, decision: 'merge' })} data-testid="review-merge">
              Same customer: merge
            </button>{' '}
            <button class="secondary" onClick={() => setDialog({ review, decision: 'keepApart' })} data-testid="review-keep-apart">
              Different customers: keep apart
            </button>
          </footer>
        </article>
      ))}
      {dialog && (
        <ConfirmDialog
          title={dialog.decision === 'merge' ? 'Merge into one golden record?' : 'Keep these customers apart?'}
          confirmLabel={dialog.decision === 'merge' ? 'Merge' : 'Keep apart'}
          onConfirm={async () => {
            await api.via(
              'master-data',
              'POST',
              tenantPath(tenantId, `/match-reviews/${encodeURIComponent(dialog.review.reviewId)}/decision`),
              {
                decision: dialog.decision,
              },
            );
            reviews.reload();
          }}
          onClose={() => setDialog(null)}
        >
          <p>
            {dialog.decision === 'merge'
              ? 'Both records then feed one golden customer, and they are never split apart by the matcher again (a steward can split).'
              : 'The matcher will never join these two records, whatever arrives later.'}{' '}
            The decision is audited with your name.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
