// Extensions (issue 15): CREATE EXTENSION with schema and version, their types (citext) and
// operator classes (gin_trgm_ops) used by columns and indexes, updates, moves and drops.
import type { ExtensionDeclaration, SchemaSpec, TableDeclaration } from "../../../core/model/declaration";
import type { CorpusCase } from "../corpus-case";

const pub = (
  extensions: Record<string, ExtensionDeclaration> = {},
  tables: Record<string, TableDeclaration> = {},
): SchemaSpec => ({ schemas: { public: { extensions, tables } } });

const citext = { version: "1.6" };
const trgm = { version: "1.6" };
const users = (emailType: string, more: TableDeclaration = { columns: {} }): TableDeclaration => ({
  ...more,
  columns: {
    id: { type: "bigserial", primaryKey: true },
    email: { type: emailType, nullable: false },
    ...more.columns,
  },
});

export const extensionCases: CorpusCase[] = [
  {
    name: "create the citext extension and a citext column",
    old: pub(),
    new: pub({ citext }, { users: users("citext") }),
  },
  {
    name: "create pg_trgm and a gin trigram index",
    old: pub({}, { users: users("text") }),
    new: pub(
      { pg_trgm: trgm },
      {
        users: users("text", {
          columns: {},
          indexes: {
            users_email_trgm: {
              columns: [{ column: "email", opclass: "public.gin_trgm_ops" }],
              method: "gin",
            },
          },
        }),
      },
    ),
  },
  {
    name: "a gist trigram index",
    old: pub(),
    new: pub(
      { pg_trgm: trgm },
      {
        users: users("text", {
          columns: {},
          indexes: {
            users_email_gist: {
              columns: [{ column: "email", opclass: "public.gist_trgm_ops" }],
              method: "gist",
            },
          },
        }),
      },
    ),
  },
  {
    name: "create an extension at an older version",
    old: pub(),
    new: pub({ citext: { version: "1.5" } }),
  },
  {
    name: "update an extension to a newer version",
    old: pub({ citext: { version: "1.5" } }, { users: users("citext") }),
    new: pub({ citext }, { users: users("citext") }),
  },
  {
    name: "drop an unused extension",
    old: pub({ citext, pg_trgm: trgm }),
    new: pub({ citext }),
    destructive: true,
  },
  {
    name: "drop an extension and the column using its type",
    old: pub({ citext }, { users: users("text", { columns: { nick: { type: "citext" } } }) }),
    new: pub({}, { users: users("text") }),
    destructive: true,
  },
  {
    name: "add the extension and a citext column to an existing table",
    old: pub({}, { users: users("text") }),
    new: pub({ citext }, { users: users("text", { columns: { nick: { type: "citext" } } }) }),
  },
  {
    name: "change a text column to citext: its index is rebuilt",
    old: pub(
      {},
      { users: users("text", { columns: {}, indexes: { users_email_idx: { columns: ["email"] } } }) },
    ),
    new: pub(
      { citext },
      { users: users("citext", { columns: {}, indexes: { users_email_idx: { columns: ["email"] } } }) },
    ),
  },
  {
    name: "an extension in its own schema",
    old: pub(),
    new: {
      schemas: {
        public: { tables: { users: users("ext.citext") } },
        ext: { extensions: { citext } },
      },
    },
  },
  {
    name: "move an extension to another schema",
    old: { schemas: { public: { extensions: { citext } }, ext: {} } },
    new: { schemas: { public: {}, ext: { extensions: { citext } } } },
  },
  {
    name: "hstore column",
    old: pub(),
    new: pub(
      { hstore: { version: "1.8" } },
      { settings: { columns: { id: { type: "bigint", primaryKey: true }, data: { type: "hstore" } } } },
    ),
  },
  {
    name: "create an extension with a comment of our own",
    old: pub(),
    new: pub({ citext: { ...citext, comment: "emails compare without case" } }),
  },
  {
    name: "comment on an installed extension",
    old: pub({ citext }),
    new: pub({ citext: { ...citext, comment: "emails compare without case" } }),
  },
  {
    name: "remove an extension's comment: it gets its own back",
    old: pub({ citext: { ...citext, comment: "emails compare without case" } }),
    new: pub({ citext }),
  },
];
