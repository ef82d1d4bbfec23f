// Writes docs/openapi.json and docs/cluster-request.schema.json from the zod schema in src/request.
// `npm run docs:generate`; test/unit/request/generatedDocs.test.ts fails when the committed files are stale.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedDocs } from "../src/request/generatedDocs.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const [path, content] of Object.entries(generatedDocs())) {
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path} (${content.length} bytes)`);
}
