// Before anything parses with zod: see the file.
import './shared/zod-jitless';
// Base styles first, so feature styles (imported by the components below) come later in the bundle and win ties.
import './shared/ui/base.css';
import './shared/ui/components.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root, {
  // A view that failed is shown by the app's error boundary; the console keeps the details as a warning.
  onCaughtError: (error, info) => console.warn('Casebook: a view failed', error, info.componentStack),
}).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
