import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HealthLevel } from './view-logic';

export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" class="error-note" data-testid="error">
      {error}
    </p>
  );
}

export function HealthBadge({ level, title }: { level: HealthLevel; title?: string }) {
  return (
    <mark class={`health health-${level}`} title={title} data-testid="health">
      {level}
    </mark>
  );
}

/**
 * Asks before an action that changes what Ferry does, says what will happen, and shows the action's own error
 * in the dialog (so the user sees why it failed, next to what they tried).
 */
export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={dialog} onClose={props.onClose} data-testid="confirm-dialog">
      <article>
        <h3>{props.title}</h3>
        {props.children}
        <ErrorNote error={error} />
        <footer>
          <button class="secondary" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>{' '}
          <button onClick={() => void confirm()} aria-busy={busy} disabled={busy} data-testid="confirm">
            {props.confirmLabel}
          </button>
        </footer>
      </article>
    </dialog>
  );
}

/** Loads on mount and whenever `deps` change; `reload` fetches again (after an action, or on a timer). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], refreshMs?: number) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
      },
      (failure: unknown) => current && setError((failure as Error).message),
    );
    return () => {
      current = false;
    };
  }, [...deps, version]);
  useEffect(() => {
    if (!refreshMs) return;
    const timer = setInterval(() => setVersion((v) => v + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  return { data, error, reload: () => setVersion((v) => v + 1), update: (change: (data: T | null) => T | null) => setData(change) };
}

export const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '–');
