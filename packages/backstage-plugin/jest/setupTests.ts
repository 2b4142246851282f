// Component tests: DOM matchers (toBeInTheDocument, toHaveTextContent, ...) for jest's expect.
import '@testing-library/jest-dom';

// jsdom lays nothing out and has no ResizeObserver, which recharts' ResponsiveContainer needs to exist.
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver;
