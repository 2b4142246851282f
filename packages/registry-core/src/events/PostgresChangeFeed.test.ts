import { createDatabase } from '../db/createDatabase';
import { createTestDatabase, TestDatabase } from '../__testutils__/databases';
import { RegistryChange } from './ChangeFeed';
import { notifyReplicas, PostgresChangeFeed } from './PostgresChangeFeed';

/** Two replicas' feeds on one PostgreSQL database, each with its own pool, as two processes would have. */
describe('PostgresChangeFeed', () => {
  let database: TestDatabase;
  let other: ReturnType<typeof createDatabase>;
  let a: PostgresChangeFeed;
  let b: PostgresChangeFeed;
  const heard = { a: [] as RegistryChange[], b: [] as RegistryChange[] };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    other = createDatabase(database.options);
    a = await PostgresChangeFeed.start({ database: database.knex });
    b = await PostgresChangeFeed.start({ database: other });
    a.subscribe(change => heard.a.push(change));
    b.subscribe(change => heard.b.push(change));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await other?.destroy();
    await database?.cleanup();
  });

  const until = async (check: () => boolean) => {
    for (let waited = 0; !check(); waited += 10) {
      if (waited > 5000) throw new Error('not heard within 5 s');
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  };

  it('delivers a change to its own listeners at once and to the other replica soon after, once each', async () => {
    const change: RegistryChange = {
      type: 'project',
      repository: 'default',
      project: 'demo',
    };
    a.publish(change);
    expect(heard.a).toEqual([change]);
    await until(() => heard.b.length > 0);
    expect(heard.b).toEqual([change]);
    // A does not hear its own notification a second time.
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(heard.a).toEqual([change]);
  });

  it('carries a revocation from a process that is no replica (the CLI)', async () => {
    heard.a.length = 0;
    heard.b.length = 0;
    await notifyReplicas(database.knex, { type: 'token', tokenId: 'abc' });
    await until(() => heard.a.length > 0 && heard.b.length > 0);
    expect(heard.b).toEqual([{ type: 'token', tokenId: 'abc' }]);
  });

  it('after losing its listening connection, listens again and reports that everything may have changed', async () => {
    heard.b.length = 0;
    // Every backend of this database that is LISTENing (both feeds' connections) is cut.
    await database.knex.raw(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query like 'LISTEN%'`,
    );
    await until(() => heard.b.some(change => change.type === 'all'));
    expect(heard.b).toContainEqual({ type: 'all' });
    // And hears changes again.
    heard.b.length = 0;
    a.publish({ type: 'repository', repository: 'default' });
    await until(() => heard.b.some(change => change.type === 'repository'));
  });
});
