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

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
