import { Knex } from 'knex';
import {
  createTestDatabase as createEmptyDatabase,
  TestDatabase as EmptyDatabase,
  TestDatabaseKind,
} from '@wheelhouse/test-utils/databases';
import { createDatabase, DatabaseOptions } from '../db/createDatabase';

export {
  PG_ADMIN_URL,
  TEST_DATABASES,
  type TestDatabaseKind,
} from '@wheelhouse/test-utils/databases';

export interface TestDatabase extends EmptyDatabase<Knex> {
  options: DatabaseOptions;
}

/** A fresh, empty database of the given kind, opened as the registry opens it. */
export function createTestDatabase(
  kind: TestDatabaseKind,
): Promise<TestDatabase> {
  return createEmptyDatabase(kind, createDatabase);
}
