import { ErrorNote, time, useLoad } from './components';
import { tenantPath, type ConsoleApi } from './console-api';
import { hashOf, traceQueryString, traceStepLine, type TraceTarget } from './view-logic';

interface TraceStep {
  at: string;
  eventId: string;
  stage: string;
  status: string;
  outcome: string;
  attempt: number;
  connectionId: string | null;
  erpKind: string | null;
  erpRecordId: string | null;
  errorClass: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number | null;
  configVersion: number | null;
  deadLetterIds: string[];
}
interface RecordTrace {
  entityType: string | null;
  entityId: string;
  events: { eventId: string; firstSeenAt: string; lastStatus: string; outcome: string }[];
  steps: TraceStep[];
  otherDeadLetters: { deadLetterId: string; eventId: string | null; service: string; errorCode: string; status: string }[];
}

/** One record's journey: every event about it, each stage and try in order, with the ERP's answer or the error. */
export function TraceView({ api, tenantId, target }: { api: ConsoleApi; tenantId: string; target: TraceTarget }) {
  const trace = useLoad(
    () => api.call<RecordTrace>('GET', tenantPath(tenantId, `/record-trace?${traceQueryString(target)}`)),
    [tenantId, traceQueryString(target)],
  );
  const named = target.by === 'eventId' ? `event ${target.eventId}` : `${target.entityType ?? ''} ${target.entityId}`.trim();
  return (
    <section data-testid="trace-view">
      <p>
        <a href={hashOf({ view: 'tenant', tenantId })}>← Tenant {tenantId}</a>
      </p>
      <h2>Record trace: {trace.data?.entityId ? `${trace.data.entityType ?? ''} ${trace.data.entityId}`.trim() : named}</h2>
      <ErrorNote error={trace.error} />
      {trace.data && trace.data.steps.length === 0 && <p data-testid="trace-empty">Ferry has recorded nothing for {named}.</p>}
      {trace.data && trace.data.events.length > 0 && (
        <p>
          {trace.data.events.length} event(s):{' '}
          {trace.data.events.map((event) => (
            <span key={event.eventId}>
              <code>{event.eventId}</code> {event.outcome} ({event.lastStatus}){' '}
            </span>
          ))}
        </p>
      )}
      {trace.data && trace.data.steps.length > 0 && (
        <table class="striped" data-testid="trace-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Step</th>
              <th>Outcome</th>
              <th>ERP</th>
              <th>Config</th>
              <th>Took</th>
              <th>Dead letter</th>
            </tr>
          </thead>
          <tbody>
            {trace.data.steps.map((step, index) => (
              <tr
                key={`${step.eventId}-${index}`}
                data-testid="trace-step"
                data-stage={step.stage}
                data-status={step.status}
                data-attempt={step.attempt}
              >
                <td>{time(step.at)}</td>
                <td>
                  <code>{step.eventId}</code>
                </td>
                <td>{traceStepLine(step)}</td>
                <td>{step.outcome}</td>
                <td>{step.erpKind ?? '–'}</td>
                <td>{step.configVersion ?? '–'}</td>
                <td>{step.latencyMs === null ? '–' : `${step.latencyMs} ms`}</td>
                <td>
                  {step.deadLetterIds.length > 0 && <a href={hashOf({ view: 'exceptions', tenantId })}>{step.deadLetterIds.join(', ')}</a>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {trace.data && trace.data.otherDeadLetters.length > 0 && (
        <p>
          Dead letters of these events without a status of their own:{' '}
          {trace.data.otherDeadLetters.map((dl) => `${dl.deadLetterId} (${dl.service}, ${dl.errorCode}, ${dl.status})`).join('; ')}
        </p>
      )}
    </section>
  );
}
