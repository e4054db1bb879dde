// Extensions installed into the managed schemas, in one query (plpgsql lives in pg_catalog and is
// never listed). Their member objects are excluded by every other query (pg_depend deptype 'e').
import type { ExtensionModel } from "../model/model";

export const extensionsQuery = `
select e.extname as name, n.nspname as schema, e.extversion as version
from pg_catalog.pg_extension e
join pg_catalog.pg_namespace n on n.oid = e.extnamespace
where n.nspname = any($1::text[])
order by 1`;

export type ExtensionRow = ExtensionModel;
