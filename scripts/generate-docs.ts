// Writes docs/openapi.json and docs/cluster-request.schema.json from the zod schema in src/request, and
// infra/plan-roles.json (the roles the ABAC condition allows) from BUILT_IN_ROLES.
// `npm run docs:generate`; test/unit/request/generatedDocs.test.ts fails when the committed files are stale.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedDocs } from "../src/request/generatedDocs.js";
import { BUILT_IN_ROLES } from "../src/request/roles.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const [path, content] of Object.entries(generatedDocs())) {
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path} (${content.length} bytes)`);
}

// Terraform reads it with jsondecode(file(...)); test/unit/infra/identity.test.ts fails when it is stale.
const planRoles = `${JSON.stringify(Object.values(BUILT_IN_ROLES), null, 2)}\n`;
writeFileSync(join(root, "infra/plan-roles.json"), planRoles);
console.log(`wrote infra/plan-roles.json (${planRoles.length} bytes)`);
