// Reads an AsyncAPI document and prints the official parser's diagnostics as JSON, with the
// Avro and Protobuf schema parsers registered (the parser itself knows only AsyncAPI's and
// JSON Schema's formats). Exits 1 when any diagnostic is an error.
//
// The Protobuf schema parser reads one file and refuses any import but google/protobuf/* and
// google/type/*. The document carries each imported file as a schema of its own, named by
// x-schemalint-import: those texts are handed to the parser's protobufjs as the files the
// imports name, as any reader of the document can do.
"use strict";
const fs = require("fs");
const yaml = require("js-yaml");
const { Parser, fromFile, DiagnosticSeverity } = require("@asyncapi/parser");
const { AvroSchemaParser } = require("@asyncapi/avro-schema-parser");
const { ProtoBuffSchemaParser } = require("@asyncapi/protobuf-schema-parser");

const SEVERITIES = {
  [DiagnosticSeverity.Error]: "error",
  [DiagnosticSeverity.Warning]: "warning",
  [DiagnosticSeverity.Information]: "information",
  [DiagnosticSeverity.Hint]: "hint",
};

function carriedImports(document) {
  const imports = {};
  const schemas = ((document || {}).components || {}).schemas || {};
  for (const schema of Object.values(schemas)) {
    if (schema && typeof schema["x-schemalint-import"] === "string") {
      imports[schema["x-schemalint-import"]] = schema.schema;
    }
  }
  return imports;
}

function readImportsFromDocument(imports) {
  const protobuf = require(require.resolve("protobufjs", {
    paths: [require.resolve("@asyncapi/protobuf-schema-parser")] }));
  const original = protobuf.parse;
  function parse(source, root, options) {
    original.filename = parse.filename;
    const parsed = original(source, root, options);
    parsed.imports = (parsed.imports || []).filter((name) => {
      if (!(name in imports)) {
        return true;
      }
      if (!root.files.includes(name)) {
        root.files.push(name);
        parse.filename = name;
        parse(imports[name], root, options);
      }
      return false;
    });
    return parsed;
  }
  Object.assign(parse, original);
  protobuf.parse = parse;
}

async function main(path) {
  readImportsFromDocument(carriedImports(yaml.load(fs.readFileSync(path, "utf8"))));
  const parser = new Parser({ schemaParsers: [AvroSchemaParser(), ProtoBuffSchemaParser()] });
  const { document, diagnostics } = await fromFile(parser, path).parse();
  const reported = diagnostics.map((diagnostic) => ({
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    message: diagnostic.message,
    path: diagnostic.path.join("/"),
  }));
  process.stdout.write(JSON.stringify({ parsed: document !== undefined, diagnostics: reported }));
  return document !== undefined && reported.every((d) => d.severity !== "error") ? 0 : 1;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error) => {
    process.stdout.write(JSON.stringify({ parsed: false, diagnostics: [
      { severity: "error", code: "exception", message: String(error), path: "" }] }));
    process.exit(1);
  },
);
