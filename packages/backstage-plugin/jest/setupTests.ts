// Component tests: DOM matchers (toBeInTheDocument, toHaveTextContent, ...) for jest's expect.
import '@testing-library/jest-dom';
