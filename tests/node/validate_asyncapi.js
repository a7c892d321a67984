// Reads an AsyncAPI document and prints the official parser's diagnostics as JSON, with the
// Avro and Protobuf schema parsers registered (the parser itself knows only AsyncAPI's and
// JSON Schema's formats). Exits 1 when any diagnostic is an error.
"use strict";
const { Parser, fromFile, DiagnosticSeverity } = require("@asyncapi/parser");
const { AvroSchemaParser } = require("@asyncapi/avro-schema-parser");
const { ProtoBuffSchemaParser } = require("@asyncapi/protobuf-schema-parser");

const SEVERITIES = {
  [DiagnosticSeverity.Error]: "error",
  [DiagnosticSeverity.Warning]: "warning",
  [DiagnosticSeverity.Information]: "information",
  [DiagnosticSeverity.Hint]: "hint",
};

async function main(path) {
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
