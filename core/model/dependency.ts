// One live dependency, read from pg_depend / pg_rewrite by introspection and used by the planner:
// `dependent` uses `referenced`, both as object keys (`table:s.t`, `column:s.t.c`, `index:s.t.i`,
// `constraint:s.t.c`, `enum:s.e`, `type:s.d`, `view:s.v`, `function:s.f(args)`, `trigger:s.t.name`,
// `policy:s.t.name`, `sequence:s.q`...). Kinds the model does not manage yet keep their key, so a
// new managed kind (views, functions) plugs in by listing its keys as managed.
export interface CatalogDependency {
  dependent: string;
  /** The dependent for people, e.g. "view public.user_emails". */
  label: string;
  referenced: string;
}
