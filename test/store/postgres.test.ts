// The store contract on the real PostgreSQL server, one fresh schema per test.
import { after } from 'node:test';
import { createPostgresStore } from '../../src/adapters/store/postgres.js';
import type { SqlStore } from '../../src/adapters/store/sql-store.js';
import { storeContract } from './contract.js';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './pg-support.js';

const schemas: string[] = [];
const schemaOf = new WeakMap<SqlStore, string>();
after(async () => {
  for (const s of schemas) await dropSchema(s);
});

storeContract('postgres', {
  async open() {
    const schema = freshSchema();
    schemas.push(schema);
    const s = await createPostgresStore({ url: TEST_DATABASE_URL, schema });
    schemaOf.set(s, schema);
    return s;
  },
  async reopen(store) {
    const schema = schemaOf.get(store);
    if (!schema) throw new Error('unknown store');
    const s = await createPostgresStore({ url: TEST_DATABASE_URL, schema });
    schemaOf.set(s, schema);
    return s;
  },
});
