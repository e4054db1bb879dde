export { quoteIdent, quoteQualified, quoteLiteral, quoteIdentList } from "./quote";
