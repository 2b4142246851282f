import { ServerResponse } from 'node:http';

/**
 * Set on every registry response: names, reasons, METADATA and error messages come from users, and a browser must
 * never sniff them into HTML. Shared by the router and the standalone server's hot path.
 */
export function setNoSniff(response: ServerResponse): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
}
