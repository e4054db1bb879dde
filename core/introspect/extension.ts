// Extensions installed into the managed schemas, in one query (plpgsql lives in pg_catalog and is
// never listed). Their member objects are excluded by every other query (pg_depend deptype 'e').
// The comment is compared with the one the extension's control file gives it (pg_available_extensions):
// that one is the extension's own, not the user's, and is never printed or declared.
import type { ExtensionModel } from "../model/model";

export const extensionsQuery = `
select e.extname as name, n.nspname as schema, e.extversion as version,
       pg_catalog.obj_description(e.oid, 'pg_extension') as comment,
       (select a.comment from pg_catalog.pg_available_extensions a where a.name = e.extname) as stock_comment
from pg_catalog.pg_extension e
join pg_catalog.pg_namespace n on n.oid = e.extnamespace
where n.nspname = any($1::text[])
order by 1`;

export interface ExtensionRow {
  name: string;
  schema: string;
  version: string;
  comment: string | null;
  stock_comment: string | null;
}

/** The comment is kept only where it is not the extension's own (null: its own was removed). */
export function extensionFromRow(r: ExtensionRow): ExtensionModel {
  const own = r.comment === r.stock_comment;
  return { name: r.name, schema: r.schema, version: r.version, ...(own ? {} : { comment: r.comment }) };
}
