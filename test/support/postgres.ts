/** A throw-away PostgreSQL database per test suite (the one implementation is in @wheelhouse/test-utils). */
export {
  PG_ADMIN_URL as ADMIN_URL,
  createPostgresDatabase as createTestDatabase,
  type PostgresDatabase as TestDatabase,
} from '@wheelhouse/test-utils/databases';
