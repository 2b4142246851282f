/** The time the store writes into `*_at` columns: ISO-8601 UTC, which sorts correctly as text on every database. */
export const now = () => new Date().toISOString();
