import { DataQualityView } from './data-quality-view';
import '@picocss/pico/css/pico.min.css';
import './console.css';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorNote } from './components';
import { ConsoleApi, type Session } from './console-api';
import { FleetView } from './fleet-view';
import { TenantView } from './tenant-view';
import { TraceView } from './trace-view';
import { ExceptionsView } from './exceptions-view';
import { hashOf, routeOf } from './view-logic';

const KEY_STORAGE = 'ferry-console-key';

function SignIn({ onKey, error }: { onKey: (key: string) => void; error: string | null }) {
  const [key, setKey] = useState('');
  return (
    <article>
      <h2>Sign in</h2>
      <p>Paste a tenant API key (it shows that tenant only) or the operator token (it shows the fleet). It is kept in this tab only.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onKey(key.trim());
        }}
      >
        <input
          type="password"
          autocomplete="off"
          aria-label="API key or operator token"
          placeholder="fry_… or operator token"
          data-testid="key-input"
          value={key}
          onInput={(event) => setKey((event.target as HTMLInputElement).value)}
        />
        <button type="submit" data-testid="sign-in">
          Sign in
        </button>
      </form>
      <ErrorNote error={error} />
    </article>
  );
}

function App() {
  const [key, setKey] = useState<string | null>(() => sessionStorage.getItem(KEY_STORAGE));
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hash, setHash] = useState(location.hash);
  const api = useMemo(() => (key ? new ConsoleApi(key) : null), [key]);

  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (!api) return;
    api.whoami().then(
      (who) => {
        setSession(who);
        setError(null);
      },
      (failure: unknown) => {
        sessionStorage.removeItem(KEY_STORAGE);
        setKey(null);
        setError((failure as Error).message);
      },
    );
  }, [api]);

  const signOut = () => {
    sessionStorage.removeItem(KEY_STORAGE);
    setKey(null);
    setSession(null);
  };
  const route = session ? routeOf(hash, session) : null;
  return (
    <>
      <header class="container-fluid">
        <nav>
          <ul>
            <li>
              <strong>Ferry ops console</strong>
            </li>
            {session?.kind === 'operator' && (
              <li>
                <a href={hashOf({ view: 'fleet' })}>Fleet</a>
              </li>
            )}
          </ul>
          {session && (
            <ul>
              <li data-testid="who">
                {session.kind === 'operator' ? 'operator' : `tenant ${session.tenantId} (${session.scopes.join(', ')})`}
              </li>
              <li>
                <button class="secondary outline" onClick={signOut}>
                  Sign out
                </button>
              </li>
            </ul>
          )}
        </nav>
      </header>
      <main class="container-fluid">
        {!api || !session ? (
          <SignIn
            error={error}
            onKey={(value) => {
              sessionStorage.setItem(KEY_STORAGE, value);
              setKey(value);
            }}
          />
        ) : route?.view === 'tenant' ? (
          <TenantView key={route.tenantId} api={api} session={session} tenantId={route.tenantId} />
        ) : route?.view === 'exceptions' ? (
          <ExceptionsView api={api} session={session} tenantId={route.tenantId} />
        ) : route?.view === 'data-quality' ? (
          <DataQualityView api={api} session={session} tenantId={route.tenantId} />
        ) : route?.view === 'trace' ? (
          <TraceView api={api} tenantId={route.tenantId} target={route.target} />
        ) : (
          <FleetView api={api} />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
