// Writes that matter run in one transaction: all of it lands or none of it does.
import type { Db, Tx } from './client.ts';

export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(work);
}
