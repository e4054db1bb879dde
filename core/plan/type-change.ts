// What a column type change costs. Postgres skips the rewrite for binary-coercible changes that only
// relax a limit; everything else rewrites the table under ACCESS EXCLUSIVE.

const lengthOf = (type: string, base: string): number | null | undefined => {
  if (type === base) return null; // unlimited
  const m = new RegExp(`^${base.replace(/[()]/g, "\\$&")}\\((\\d+)\\)$`).exec(type);
  return m ? Number(m[1]) : undefined;
};

/** true when Postgres changes only the catalog (no rewrite, no scan). */
export function isMetadataOnlyTypeChange(from: string, to: string): boolean {
  if (from === to) return true;
  const textual = (t: string) => t === "text" || lengthOf(t, "character varying") !== undefined;
  if (textual(from) && (to === "text" || to === "character varying")) return true;
  const a = lengthOf(from, "character varying");
  const b = lengthOf(to, "character varying");
  if (a !== undefined && a !== null && b !== undefined && (b === null || b >= a)) return true;
  const num = (t: string) => /^numeric\((\d+),(\d+)\)$/.exec(t);
  const na = num(from);
  const nb = num(to);
  if (na && to === "numeric") return true;
  if (na && nb && nb[2] === na[2] && Number(nb[1]) >= Number(na[1])) return true;
  const bits = (t: string) => /^bit varying\((\d+)\)$/.exec(t);
  if (bits(from) && (to === "bit varying" || (bits(to) && Number(bits(to)![1]) >= Number(bits(from)![1]))))
    return true;
  return false;
}

/** true when the conversion can silently lose information (so it needs allowDataLoss). */
export function isLossyTypeChange(from: string, to: string): boolean {
  const num = (t: string) => /^numeric\((\d+),(\d+)\)$/.exec(t);
  const na = num(from);
  const nb = num(to);
  if (na && nb && Number(nb[2]) < Number(na[2])) return true; // rounds away digits
  if ((from === "numeric" || na) && nb && Number(nb[2]) === 0) return true;
  const floating = (t: string) => t === "real" || t === "double precision" || t === "numeric" || !!num(t);
  const integral = (t: string) => t === "smallint" || t === "integer" || t === "bigint";
  if (floating(from) && integral(to)) return true;
  if (from === "double precision" && to === "real") return true;
  if (/^timestamp/.test(from) && (to === "date" || /^time(\(\d\))? /.test(to))) return true;
  if (from === "jsonb" && to === "json") return false;
  if (from === "json" && to === "jsonb") return true; // duplicate keys and key order are dropped
  return false;
}
