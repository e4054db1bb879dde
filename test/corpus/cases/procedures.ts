// Procedures: created, replaced in place (body, language, security, search_path, a new argument
// default), re-created when an argument is renamed, a new overload for a new argument list,
// dropped, commented; ordered against the tables their SQL bodies use.
import type { ProcedureDeclaration, TableDeclaration } from "../../../core/model/declaration";
import { CorpusCase, withId } from "../corpus-case";
import { withRoutines } from "./functions";

const t = { t: withId({ v: { type: "integer" } }) };
const withProcedures = (
  procedures: Record<string, ProcedureDeclaration>,
  tables: Record<string, TableDeclaration> = t,
) => withRoutines(tables, {}, procedures);

const bump: ProcedureDeclaration = {
  arguments: [{ name: "by", type: "integer" }],
  language: "sql",
  body: "update public.t set v = v + by",
};
const archive: ProcedureDeclaration = {
  language: "plpgsql",
  body: "\nbegin\n  delete from public.t where v < 0;\n  commit;\nend\n",
};

export const procedureCases: CorpusCase[] = [
  { name: "create a sql procedure", old: withProcedures({}), new: withProcedures({ bump }) },
  {
    name: "create a sql procedure writing a table created in the same plan",
    old: withRoutines({}),
    new: withProcedures({ bump }),
  },
  {
    name: "create a plpgsql procedure that commits",
    old: withProcedures({}),
    new: withProcedures({ archive }),
  },
  {
    name: "change a procedure body in place",
    old: withProcedures({ bump }),
    new: withProcedures({ bump: { ...bump, body: "update public.t set v = v + by * 2" } }),
  },
  {
    name: "re-indenting a procedure body is no change",
    old: withProcedures({ archive }),
    new: withProcedures({
      archive: { ...archive, body: "\n  begin\n    delete from public.t where v < 0;\n    commit;\n  end\n" },
    }),
  },
  {
    name: "give a procedure argument a default in place",
    old: withProcedures({ bump }),
    new: withProcedures({ bump: { ...bump, arguments: [{ name: "by", type: "integer", default: "1" }] } }),
  },
  {
    name: "rename a procedure argument re-creates it",
    old: withProcedures({ bump }),
    new: withProcedures({
      bump: {
        ...bump,
        arguments: [{ name: "step", type: "integer" }],
        body: "update public.t set v = v + step",
      },
    }),
  },
  {
    name: "a procedure with an inout argument",
    old: withProcedures({}),
    new: withProcedures({
      count_rows: {
        arguments: [{ name: "n", type: "bigint", mode: "inout" }],
        language: "plpgsql",
        body: "begin select count(*) into n from public.t; end",
      },
    }),
  },
  {
    name: "security definer procedure with a search_path",
    old: withProcedures({ bump }),
    new: withProcedures({ bump: { ...bump, securityDefiner: true, searchPath: ["public", "pg_temp"] } }),
  },
  {
    name: "add a procedure argument creates the new overload and drops the old one",
    old: withProcedures({ bump }),
    new: withProcedures({
      bump: {
        ...bump,
        arguments: [
          { name: "by", type: "integer" },
          { name: "times", type: "integer", default: "1" },
        ],
        body: "update public.t set v = v + by * times",
      },
    }),
  },
  { name: "drop a procedure", old: withProcedures({ bump, archive }), new: withProcedures({ archive }) },
  {
    name: "comment on a procedure",
    old: withProcedures({ bump }),
    new: withProcedures({ bump: { ...bump, comment: "adds to every v" } }),
  },
];
