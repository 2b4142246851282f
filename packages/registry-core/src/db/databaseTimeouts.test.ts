import knexFactory from 'knex';
import { PG_ADMIN_URL } from '../__testutils__/databases';
import { InsufficientStorageError, ServiceUnavailableError } from '../errors';
import { outageError } from '../http/outageErrors';
import { applyDatabaseTimeouts, createDatabase } from './createDatabase';

/** The timeouts on a knex instance the registry did not create (Backstage's), on the test PostgreSQL. */
describe('database timeouts on PostgreSQL', () => {
  it('applyDatabaseTimeouts bounds statements and pool waits of a ready knex, which answer 503', async () => {
    const knex = knexFactory({
      client: 'pg',
      connection: { connectionString: PG_ADMIN_URL },
      pool: { min: 0, max: 1 },
    });
    try {
      await knex.raw('select 1'); // a connection opened before the timeouts are applied
      applyDatabaseTimeouts(knex, { acquireMs: 500, statementMs: 1000 });
      const slow = await knex.raw('select pg_sleep(5)').catch(error => error);
      expect(outageError(slow)).toBeInstanceOf(ServiceUnavailableError);

      // The only connection is held: the next query waits for the pool, and gives up.
      let release!: () => void;
      const held = knex.transaction(
        trx =>
          new Promise<void>(resolve => {
            release = resolve;
            void trx.raw('select 1');
          }),
      );
      await new Promise(resolve => setTimeout(resolve, 100));
      const started = Date.now();
      const waited = await knex.raw('select 1').catch(error => error);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(waited.name).toBe('KnexTimeoutError');
      expect(outageError(waited)).toBeInstanceOf(ServiceUnavailableError);
      release();
      await held;
    } finally {
      await knex.destroy();
    }
  });

  it('createDatabase refuses to wait for a server that does not answer', async () => {
    // A port nothing listens on: refused at once, a 503.
    const knex = createDatabase({
      client: 'pg',
      connection: 'postgres://postgres@127.0.0.1:9/none',
      timeouts: { acquireMs: 1000 },
    });
    try {
      const error = await knex.raw('select 1').catch(caught => caught);
      expect(outageError(error)).toBeInstanceOf(ServiceUnavailableError);
    } finally {
      await knex.destroy();
    }
  });

  it('maps a full disk to 507 and leaves other errors alone', () => {
    const enospc = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    expect(outageError(enospc)).toBeInstanceOf(InsufficientStorageError);
    expect(
      outageError(Object.assign(new Error('x'), { code: '53100' })),
    ).toBeInstanceOf(InsufficientStorageError);
    expect(outageError(new TypeError('a bug'))).toBeUndefined();
    expect(
      outageError(Object.assign(new Error('dup'), { code: '23505' })),
    ).toBeUndefined();
  });
});
