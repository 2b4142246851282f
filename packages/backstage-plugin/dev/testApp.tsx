import { createRoot } from 'react-dom/client';
// Backstage UI's base styles (reset, fonts, variables), as a Backstage app imports them.
import '@backstage/ui/css/styles.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
