import { useState } from 'preact/hooks';
import { ConfirmDialog, ErrorNote, time, useLoad } from './components';
import { tenantPath, type ConsoleApi, type Session } from './console-api';
import { useLiveStream } from './live';
import { hashOf, liveLabel, mayRemediate, refreshIntervalMs, remediationLinkOf, replaySummary, type RemediationLink } from './view-logic';

interface ExceptionGroup {
  errorClass: string;
  errorCode: string;
  count: number;
  services: string[];
  oldestAt: string;
  newestAt: string;
  sampleMessage: string;
  assignees: string[];
  deadLetterIds: string[];
  remediation: { meaning: string; nextSteps: string[]; links: RemediationLink[]; replay: 'yes' | 'after-fix' | 'no'; owner: string };
  comments: { commentId: string; author: string; body: string; createdAt: string }[];
}
type Dialog = { kind: 'resolve' | 'replay' | 'assign' | 'comment'; group: ExceptionGroup };

/** The exception queue by cause: each group with what it means, the next steps and where, and the work on it. */
export function ExceptionsView({ api, session, tenantId }: { api: ConsoleApi; session: Session; tenantId: string }) {
  const [status, setStatus] = useState<'open' | 'resolved' | 'replayed'>('open');
  const [notice, setNotice] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const canAct = mayRemediate(session) && status === 'open';
  const live = useLiveStream(
    () => api.streamTicket(tenantId),
    (type) => {
      if (type === 'dead-letter' || type === 'refetch') groups.reload();
    },
    [tenantId],
  );
  const groups = useLoad(
    () => api.call<{ groups: ExceptionGroup[] }>('GET', tenantPath(tenantId, `/exception-groups?status=${status}`)),
    [tenantId, status],
    refreshIntervalMs(live),
  );
  const post = <T,>(path: string, body: unknown) => api.call<T>('POST', tenantPath(tenantId, path), body);
  const done = (lines: string[]) => {
    setNotice(lines);
    groups.reload();
  };

  return (
    <section data-testid="exceptions-view">
      <p>
        <a href={hashOf({ view: 'tenant', tenantId })}>← Tenant {tenantId}</a> ·{' '}
        <small data-testid="live-state" data-state={live}>
          {liveLabel(live)}
        </small>
      </p>
      <h2>Exception queue: {tenantId}</h2>
      <fieldset role="group">
        {(['open', 'resolved', 'replayed'] as const).map((value) => (
          <button
            key={value}
            class={value === status ? '' : 'secondary outline'}
            data-testid={`exceptions-${value}`}
            onClick={() => setStatus(value)}
          >
            {value}
          </button>
        ))}
      </fieldset>
      {notice.length > 0 && (
        <p class="notice" role="status" data-testid="notice">
          {notice.join(' · ')}
        </p>
      )}
      <ErrorNote error={groups.error} />
      {groups.data?.groups.length === 0 && <p data-testid="no-exceptions">No {status} dead letters.</p>}
      {groups.data?.groups.map((group) => (
        <article key={`${group.errorClass}/${group.errorCode}`} data-testid="exception-group" data-code={group.errorCode}>
          <header>
            <strong>{group.errorCode}</strong> ({group.errorClass}) · <span data-testid="group-count">{group.count}</span> dead letter(s) ·{' '}
            {group.services.join(', ')} · {time(group.oldestAt)} – {time(group.newestAt)}
            {group.assignees.length > 0 && <> · assigned to {group.assignees.join(', ')}</>}
          </header>
          <p>
            <code>{group.sampleMessage}</code>
          </p>
          <p data-testid="remediation-meaning">
            <em>What it means:</em> {group.remediation.meaning}
          </p>
          <em>Next steps</em> ({group.remediation.owner} fixes it
          {group.remediation.replay === 'no' ? '; replaying cannot help' : group.remediation.replay === 'yes' ? '; replay as is' : ''}):
          <ol data-testid="remediation-steps">
            {group.remediation.nextSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          {group.remediation.links.length > 0 && (
            <ul>
              {group.remediation.links.map((link) => {
                const target = remediationLinkOf(link, tenantId);
                return (
                  <li key={link.label} data-testid="remediation-link">
                    {target.href ? <a href={target.href}>{link.label}</a> : link.label}
                    {target.call && (
                      <>
                        : <code>{target.call}</code>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          {group.comments.length > 0 && (
            <details>
              <summary>{group.comments.length} comment(s)</summary>
              {group.comments.map((comment) => (
                <p key={comment.commentId} data-testid="comment">
                  <small>
                    {comment.author}, {time(comment.createdAt)}:
                  </small>{' '}
                  {comment.body}
                </p>
              ))}
            </details>
          )}
          {canAct && (
            <footer>
              <button class="secondary" data-testid="assign" onClick={() => setDialog({ kind: 'assign', group })}>
                Assign…
              </button>{' '}
              <button class="secondary" data-testid="comment-button" onClick={() => setDialog({ kind: 'comment', group })}>
                Comment…
              </button>{' '}
              {group.remediation.replay !== 'no' && (
                <button class="secondary" data-testid="replay-group" onClick={() => setDialog({ kind: 'replay', group })}>
                  Replay…
                </button>
              )}{' '}
              <button data-testid="resolve" onClick={() => setDialog({ kind: 'resolve', group })}>
                Resolve…
              </button>
            </footer>
          )}
        </article>
      ))}
      {dialog && (
        <GroupDialog
          dialog={dialog}
          onClose={() => setDialog(null)}
          act={async (text, dryRun) => {
            const ids = dialog.group.deadLetterIds;
            if (dialog.kind === 'resolve') {
              const answer = await post<{ resolved: { deadLetterId: string; resolutionSeconds: number }[]; notOpen: string[] }>(
                '/dead-letters/resolve',
                { ids, resolution: text },
              );
              done([`${answer.resolved.length} resolved`, ...(answer.notOpen.length ? [`${answer.notOpen.length} no longer open`] : [])]);
            } else if (dialog.kind === 'assign') {
              const answer = await post<{ changed: string[] }>('/dead-letters/assign', { ids, assignee: text || null });
              done([`${answer.changed.length} ${text ? `assigned to ${text}` : 'unassigned'}`]);
            } else if (dialog.kind === 'comment') {
              const answer = await post<{ commented: string[] }>('/dead-letters/comments', { ids, body: text });
              done([`comment added to ${answer.commented.length}`]);
            } else {
              const answer = await post<{ items: { deadLetterId: string; outcome: string; reason?: string }[] }>('/dead-letters/replay', {
                ids,
                dryRun,
                limit: Math.min(1000, ids.length),
              });
              const lines = replaySummary(answer.items);
              if (answer.items.some((item) => item.outcome === 'refused' || item.outcome === 'failed')) throw new Error(lines.join('\n'));
              done(lines);
            }
          }}
        />
      )}
    </section>
  );
}

const DIALOGS = {
  resolve: { title: 'Resolve', label: 'Resolution (why it needs no replay)', confirm: 'Resolve', required: true },
  assign: { title: 'Assign', label: 'Assignee (empty to unassign)', confirm: 'Assign', required: false },
  comment: { title: 'Comment on', label: 'Comment', confirm: 'Add comment', required: true },
  replay: { title: 'Replay', label: '', confirm: 'Replay', required: false },
} as const;

function GroupDialog(props: { dialog: Dialog; onClose: () => void; act: (text: string, dryRun: boolean) => Promise<void> }) {
  const [text, setText] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const { group, kind } = props.dialog;
  const shape = DIALOGS[kind];
  return (
    <ConfirmDialog
      title={`${shape.title} ${group.count} ${group.errorCode} dead letter(s)?`}
      confirmLabel={kind === 'replay' && dryRun ? 'Dry run' : shape.confirm}
      onConfirm={() => {
        if (shape.required && !text.trim()) return Promise.reject(new Error(`${shape.label} is required`));
        return props.act(text.trim(), dryRun);
      }}
      onClose={props.onClose}
    >
      {kind === 'replay' ? (
        <>
          <p>
            Ferry sends these events again with the tenant's configuration as it is now.{' '}
            {group.remediation.replay === 'after-fix' && 'They fail the same way unless the cause was fixed. '}
            Try a dry run first: it shows what would be sent and sends nothing.
          </p>
          <label>
            <input
              type="checkbox"
              role="switch"
              checked={dryRun}
              onChange={(event) => setDryRun((event.target as HTMLInputElement).checked)}
            />{' '}
            Dry run
          </label>
        </>
      ) : (
        <label>
          {shape.label}
          <input
            data-testid="dialog-text"
            value={text}
            onInput={(event) => setText((event.target as HTMLInputElement).value)}
            placeholder={kind === 'resolve' ? 'e.g. fixed in the product and sent again' : ''}
          />
        </label>
      )}
    </ConfirmDialog>
  );
}
