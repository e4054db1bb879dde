// Neon's published contract, checked: the OpenAPI 3.0 document that ships in
// @neondatabase/api-client (public-v2-for-users.gen.yaml). The stand-in server checks every request
// the driver sends and every answer it gives against it (path, method, parameters, request body,
// status code, response body), so the driver is tested against Neon's API, not only our server.
// The validator covers the JSON Schema subset the document uses: $ref, type, nullable, enum,
// required, properties, additionalProperties, items, allOf, oneOf, anyOf, minimum/maximum,
// minLength/maxLength, pattern, minItems/maxItems and the date-time format (the document has no
// readOnly/writeOnly, and additionalProperties is only ever true or a schema). Other keywords are
// annotations (description, example, default, x-*...) and ignored.
import * as fs from "fs";
import * as path from "path";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  template: string;
  method: string;
  operationId: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content?: { [type: string]: { schema?: Schema } } };
  responses: { [status: string]: Json };
}

export interface MatchedOperation {
  operation: Operation;
  pathParams: Record<string, string>;
}

/** The document's file inside the installed client package. */
export function neonOpenApiFile(): string {
  const pkg = require.resolve("@neondatabase/api-client/package.json");
  return path.join(path.dirname(pkg), "public-v2-for-users.gen.yaml");
}

export class OpenApiContract {
  private readonly operations: Operation[] = [];

  constructor(private readonly doc: Schema) {
    const paths = (doc.paths ?? {}) as { [template: string]: { [key: string]: Json } };
    for (const [template, item] of Object.entries(paths)) {
      const shared = ((item.parameters ?? []) as Json[]).map((p) => this.deref(p) as unknown as Parameter);
      for (const method of ["get", "post", "put", "patch", "delete"]) {
        const op = item[method] as Schema | undefined;
        if (!op) continue;
        const own = ((op.parameters ?? []) as Json[]).map((p) => this.deref(p) as unknown as Parameter);
        const byName = new Map([...shared, ...own].map((p) => [`${p.in}:${p.name}`, p]));
        this.operations.push({
          template,
          method: method.toUpperCase(),
          operationId: String(op.operationId ?? `${method} ${template}`),
          parameters: [...byName.values()],
          requestBody: op.requestBody ? (this.deref(op.requestBody) as Operation["requestBody"]) : undefined,
          responses: (op.responses ?? {}) as Operation["responses"],
        });
      }
    }
  }

  /** Loads the YAML document (js-yaml, a devDependency: the document ships as YAML). */
  static load(file = neonOpenApiFile()): OpenApiContract {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require("js-yaml") as { load(text: string): unknown };
    return new OpenApiContract(yaml.load(fs.readFileSync(file, "utf8")) as Schema);
  }

  get operationCount(): number {
    return this.operations.length;
  }

  /** The operation a method and path (below the API root) are, with the path parameters. */
  match(method: string, pathname: string): MatchedOperation | undefined {
    const parts = pathname.split("/").filter(Boolean);
    let best: MatchedOperation | undefined;
    let bestLiterals = -1;
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const segments = operation.template.split("/").filter(Boolean);
      if (segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      let literals = 0;
      const ok = segments.every((s, i) => {
        const param = /^\{(.+)\}$/.exec(s);
        if (param) {
          pathParams[param[1]] = decodeURIComponent(parts[i]);
          return true;
        }
        literals++;
        return s === parts[i];
      });
      // A literal segment beats a parameter (/branches/count over /branches/{branch_id}).
      if (ok && literals > bestLiterals) {
        best = { operation, pathParams };
        bestLiterals = literals;
      }
    }
    return best;
  }

  /** Problems with a request: unknown operation, parameters, body. [] when it conforms. */
  checkRequest(method: string, pathname: string, query: URLSearchParams, body: unknown): string[] {
    const matched = this.match(method, pathname);
    if (!matched) return [`${method} ${pathname}: no such operation in Neon's API`];
    const { operation, pathParams } = matched;
    const where = `${operation.operationId} request`;
    const problems: string[] = [];
    for (const p of operation.parameters) {
      const raw =
        p.in === "path" ? pathParams[p.name] : p.in === "query" ? (query.get(p.name) ?? undefined) : "";
      if (p.in !== "path" && p.in !== "query") continue;
      if (raw === undefined) {
        if (p.required) problems.push(`${where}: required ${p.in} parameter ${p.name} is missing`);
        continue;
      }
      if (p.schema)
        problems.push(
          ...this.validate(
            coerce(raw, this.deref(p.schema) as Schema),
            p.schema,
            `${where} ${p.in} ${p.name}`,
          ),
        );
    }
    for (const name of query.keys()) {
      if (!operation.parameters.some((p) => p.in === "query" && p.name === name))
        problems.push(`${where}: unknown query parameter ${name}`);
    }
    const schema = operation.requestBody?.content?.["application/json"]?.schema;
    if (body === undefined) {
      if (operation.requestBody?.required) problems.push(`${where}: a JSON body is required`);
    } else if (!schema) {
      problems.push(`${where}: the operation takes no JSON body`);
    } else {
      problems.push(...this.validate(body as Json, schema, `${where} body`));
    }
    return problems;
  }

  /** Problems with an answer: undeclared status, body not matching the status's schema. */
  checkResponse(method: string, pathname: string, status: number, body: unknown): string[] {
    const matched = this.match(method, pathname);
    if (!matched) return [];
    const { operation } = matched;
    const declared = operation.responses[String(status)] ?? operation.responses.default;
    const where = `${operation.operationId} response ${status}`;
    if (declared === undefined)
      return [`${where}: status not declared (declared: ${Object.keys(operation.responses).join(", ")})`];
    if (status >= 200 && status < 300 && !(String(status) in operation.responses))
      return [
        `${where}: success status not declared (declared: ${Object.keys(operation.responses).join(", ")})`,
      ];
    const response = this.deref(declared) as { content?: { [type: string]: { schema?: Schema } } };
    const schema = response.content?.["application/json"]?.schema;
    if (!schema) return [];
    return this.validate(body as Json, schema, `${where} body`);
  }

  /** Checks a value against a schema; each problem names where in the value it is. */
  validate(value: Json, schemaOrRef: Json, at: string): string[] {
    const schema = this.deref(schemaOrRef) as Schema;
    const problems: string[] = [];
    if (value === null) {
      if (schema.nullable === true || schema.type === undefined) return problems;
      // nullable may sit on an allOf member (a common OpenAPI 3.0 idiom)
      if (
        Array.isArray(schema.allOf) &&
        schema.allOf.some((s) => (this.deref(s) as Schema).nullable === true)
      )
        return problems;
      return [`${at}: null where ${describeType(schema)} is required`];
    }
    if (Array.isArray(schema.allOf)) {
      for (const part of schema.allOf) problems.push(...this.validate(value, part, at));
    }
    if (Array.isArray(schema.oneOf)) {
      const passing = schema.oneOf.filter((s) => this.validate(value, s, at).length === 0).length;
      if (passing !== 1)
        problems.push(`${at}: matches ${passing} of the ${schema.oneOf.length} oneOf schemas, not exactly 1`);
    }
    if (Array.isArray(schema.anyOf)) {
      if (!schema.anyOf.some((s) => this.validate(value, s, at).length === 0))
        problems.push(`${at}: matches none of the anyOf schemas`);
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value))
      problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    const type = schema.type;
    if (typeof type === "string" && !hasType(value, type)) {
      return [...problems, `${at}: expected ${type}, got ${JSON.stringify(value)?.slice(0, 80)}`];
    }
    if (typeof value === "string") {
      if (typeof schema.minLength === "number" && value.length < schema.minLength)
        problems.push(`${at}: shorter than ${schema.minLength}`);
      if (typeof schema.maxLength === "number" && value.length > schema.maxLength)
        problems.push(`${at}: longer than ${schema.maxLength}`);
      if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
        problems.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
      if (
        schema.format === "date-time" &&
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
      )
        problems.push(`${at}: ${JSON.stringify(value)} is not an RFC 3339 date-time`);
    }
    if (typeof value === "number") {
      if (typeof schema.minimum === "number" && value < schema.minimum)
        problems.push(`${at}: below ${schema.minimum}`);
      if (typeof schema.maximum === "number" && value > schema.maximum)
        problems.push(`${at}: above ${schema.maximum}`);
    }
    if (Array.isArray(value)) {
      if (typeof schema.minItems === "number" && value.length < schema.minItems)
        problems.push(`${at}: fewer than ${schema.minItems} items`);
      if (typeof schema.maxItems === "number" && value.length > schema.maxItems)
        problems.push(`${at}: more than ${schema.maxItems} items`);
      if (schema.items !== undefined)
        value.forEach((item, i) =>
          problems.push(...this.validate(item, schema.items as Json, `${at}[${i}]`)),
        );
    }
    if (typeof value === "object" && !Array.isArray(value)) {
      const properties = (schema.properties ?? {}) as { [name: string]: Json };
      for (const name of (schema.required ?? []) as string[]) {
        if (!(name in value)) problems.push(`${at}: required property ${name} is missing`);
      }
      for (const [name, v] of Object.entries(value)) {
        if (properties[name] !== undefined)
          problems.push(...this.validate(v, properties[name], `${at}.${name}`));
        else if (schema.additionalProperties === false) problems.push(`${at}: unknown property ${name}`);
        else if (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null)
          problems.push(...this.validate(v, schema.additionalProperties, `${at}.${name}`));
      }
    }
    return problems;
  }

  /** Follows a local $ref (#/components/...) to what it names; other values are returned as they are. */
  deref(value: Json | undefined): Json {
    let current: Json = value ?? {};
    for (let hops = 0; hops < 32; hops++) {
      if (typeof current !== "object" || current === null || Array.isArray(current)) return current;
      const ref: Json = current.$ref;
      if (typeof ref !== "string") return current;
      if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
      let target: Json = this.doc;
      for (const part of ref.slice(2).split("/") as string[]) {
        const key: string = part.replace(/~1/g, "/").replace(/~0/g, "~");
        target = (target as { [k: string]: Json } | null)?.[key] ?? null;
        if (target === null) throw new Error(`$ref ${ref} points at nothing`);
      }
      current = target;
    }
    throw new Error("$ref chain too long");
  }
}

function hasType(value: Json, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function describeType(schema: Schema): string {
  return typeof schema.type === "string" ? `a ${schema.type}` : "a value";
}

/** Query and path values arrive as text: read them as the schema's type before validating. */
function coerce(raw: string, schema: Schema): Json {
  if (schema.type === "integer" || schema.type === "number") {
    const n = Number(raw);
    return raw.trim() !== "" && !Number.isNaN(n) ? n : raw;
  }
  if (schema.type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}
