import { z } from "zod";
import { buildOpenApiDocument, buildRequestJsonSchema } from "./openApiDocument.js";
import { queueMessageSchema } from "./queueMessage.js";

/** `$id` of the published queue message JSON Schema. */
export const QUEUE_MESSAGE_SCHEMA_ID = "urn:aks-provisioner:schema:queue-message";

/** The request queue's message JSON Schema (input side), as Service Bus integrations consume it. */
export function buildQueueMessageJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(queueMessageSchema, { io: "input", unrepresentable: "any" });
  return { ...schema, $id: QUEUE_MESSAGE_SCHEMA_ID, title: "QueueMessage" };
}

/** Generated documentation files: repository-relative path → exact file content. */
export function generatedDocs(): Record<string, string> {
  const render = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    "docs/openapi.json": render(buildOpenApiDocument()),
    "docs/cluster-request.schema.json": render(buildRequestJsonSchema()),
    "docs/queue-message.schema.json": render(buildQueueMessageJsonSchema()),
  };
}
