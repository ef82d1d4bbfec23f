import { buildOpenApiDocument, buildRequestJsonSchema } from "./openApiDocument.js";

/** Generated documentation files: repository-relative path → exact file content. */
export function generatedDocs(): Record<string, string> {
  const render = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    "docs/openapi.json": render(buildOpenApiDocument()),
    "docs/cluster-request.schema.json": render(buildRequestJsonSchema()),
  };
}
