import { DurableClientError } from "./errors.js";

/**
 * The JSON text of a `raiseEvent` body, checked as the extension's HttpApiHandler does: anything but
 * `application/json` is refused with 400, and so is JSON that does not parse. Refusing here matters: an event
 * accepted with a body the library cannot `JSON.parse` would fail the orchestration waiting for it.
 * An empty body is an event without data.
 */
export function eventInput(contentType: string | undefined, text: string | undefined): string | undefined {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new DurableClientError("Only application/json request content is supported", 400);
  }
  if (text === undefined || text === "") return undefined;
  try {
    JSON.parse(text);
  } catch {
    throw new DurableClientError("Invalid JSON content", 400);
  }
  return text;
}
