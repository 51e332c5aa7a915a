/** Composition root of the renderer: connect the KilnApi transport and render the app. */
import './common/zod-csp';
import '@cloudscape-design/global-styles/index.css';
import './common/kiln.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectKilnApi } from './api';
import { App } from './app';

const api = connectKilnApi(window);
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
createRoot(container).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
