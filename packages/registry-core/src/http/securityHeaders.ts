import { ServerResponse } from 'node:http';

/**
 * Set on every registry response: names, reasons, METADATA and error messages come from users, and a browser must
 * never sniff them into HTML. Shared by the router and the standalone server (its hot path and /health).
 */
export function setNoSniff(response: ServerResponse): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * The simple-API HTML pages are links and text only: no script, style, image, form or frame may run or load in them
 * (an injected one included), and no other site may frame them.
 */
export const HTML_PAGE_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function setHtmlPageHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', HTML_PAGE_CSP);
  response.setHeader('X-Frame-Options', 'DENY');
}
