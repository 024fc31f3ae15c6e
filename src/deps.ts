// What every module's pages and API receive from app.ts: the database and the validated config.
// (Type-only imports of this file are allowed everywhere; only app.ts builds it.)
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Catalogue } from './kernel/i18n.ts';

export interface Deps {
  db: Db;
  config: Config;
  catalogue: Catalogue;
}
