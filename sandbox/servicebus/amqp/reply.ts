import type { Connection, Message, Receiver, Sender } from "rhea";
import { amqpTypes } from "./rheaInternals.js";

/** A request/response status, as `$cbs` and `$management` reply (status-code is an AMQP int, docs/specs/servicebus-amqp.md §2). */
export interface ReplyStatus {
  code: number;
  description: string;
  condition?: string;
}

/**
 * Sends a reply to a request received on `requestLink`: on the broker→client link named by
 * `reply_to`, or (clients that send none) the same-session link reading from the request's node.
 */
export function sendReply(requestLink: Receiver, request: Message, status: ReplyStatus, body: unknown): void {
  const replyLink = findReplyLink(requestLink, request.reply_to);
  if (!replyLink) return;
  const properties: Record<string, unknown> = {
    "status-code": amqpTypes.wrap_int(status.code),
    "status-description": status.description,
  };
  if (status.condition) properties["error-condition"] = amqpTypes.wrap_symbol(status.condition);
  replyLink.send({
    correlation_id: request.message_id,
    ...(request.reply_to ? { to: request.reply_to } : {}),
    application_properties: properties,
    body,
  });
}

function findReplyLink(requestLink: Receiver, replyTo: string | undefined): Sender | undefined {
  const connection = requestLink.connection as Connection & { find_sender(f: (s: Sender) => boolean): Sender };
  if (replyTo) {
    const byName = connection.find_sender((s: Sender) => s.name === replyTo || s.target?.address === replyTo);
    if (byName) return byName;
  }
  const node = requestLink.target?.address;
  return connection.find_sender((s: Sender) => s.session === requestLink.session && s.source?.address === node);
}
