import { Component, type ErrorInfo, type ReactNode } from 'react';
import { lockVault } from '../features/vault';
import { Alert } from '../shared/ui/Alert';
import { Button } from '../shared/ui/Button';

interface State {
  error: Error | null;
  /** The component path where it failed, first lines only: enough to report, no case data. */
  where: string;
}

/**
 * A view that throws while rendering would otherwise leave a blank window. This
 * shows what failed and where, and offers the two ways out that cannot make
 * things worse: try the view again, or lock the vault (wiping the read model)
 * and reload the page. React reports the error itself (main.tsx's onCaughtError).
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, where: '' };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: Error, info: ErrorInfo): void {
    const where = (info.componentStack ?? '')
      .trim()
      .split('\n')
      .slice(0, 4)
      .map((line) => line.trim())
      .join('\n');
    this.setState({ where });
  }

  private readonly retry = () => this.setState({ error: null, where: '' });

  private readonly lockAndReload = async () => {
    try {
      await lockVault('user');
    } finally {
      window.location.reload();
    }
  };

  override render(): ReactNode {
    const { error, where } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="vault-screen">
        <section className="vault-card error-boundary" aria-labelledby="error-boundary-title">
          <h1 id="error-boundary-title">Something in this view failed</h1>
          <Alert tone="error">
            {error.name}: {error.message}
          </Alert>
          {where && (
            <details>
              <summary>Where it failed</summary>
              <pre>{where}</pre>
            </details>
          )}
          <p>Everything saved is in the vault on disk; unsaved edits in this view may be lost.</p>
          <div className="error-boundary-actions">
            <Button onClick={this.retry} autoFocus>
              Try again
            </Button>
            <Button variant="primary" onClick={() => void this.lockAndReload()}>
              Lock and reload
            </Button>
          </div>
        </section>
      </main>
    );
  }
}
