import { randomUUID } from "node:crypto";
import type { DurableEngine } from "./engine.js";
import { entitySchedulerId, isEntitySchedulerId } from "./entityId.js";
import { newInstanceMeta, startMessage } from "./episodeContext.js";
import { DurableClientError } from "./errors.js";
import { eventInput } from "./eventInput.js";
import { event } from "./history.js";
import { EventType, type InstanceRecord, isTerminal, type Mutation } from "./types.js";

const IDS = { newId: () => randomUUID() };

/**
 * What the Durable client API can do to instances and entities. Changes that could race a running episode
 * (events, terminate, suspend, resume) are sent as messages and applied by the instance's own next episode.
 */
export class DurableClientOperations {
  constructor(private readonly engine: DurableEngine) {}

  /** Starts (or restarts a finished) orchestration instance. */
  startNew(name: string, instanceId: string | undefined, inputJson: string | null): string {
    const fn = this.engine.findByTrigger(name, "orchestrationTrigger");
    if (!fn) throw new DurableClientError(`The function '${name}' doesn't exist or is not an orchestrator`, 400);
    const id = instanceId ?? randomUUID().replaceAll("-", "");
    if (isEntitySchedulerId(id)) throw new DurableClientError("Instance ids cannot start with '@'", 400);
    const existing = this.engine.store.instances.get(id);
    if (existing && !isTerminal(existing.status)) {
      throw new DurableClientError(`An instance with ID '${id}' already exists (status ${existing.status})`, 409);
    }
    if (inputJson) {
      try {
        JSON.parse(inputJson);
      } catch {
        throw new DurableClientError("The orchestration input must be JSON", 400);
      }
    }
    const now = this.engine.clock.now();
    const meta = newInstanceMeta(IDS, {
      instanceId: id,
      name: fn.metadata.name,
      input: inputJson || null,
      at: now,
    });
    this.engine.commit([
      { o: "ack", to: id, ids: (this.engine.store.inbox.get(id) ?? []).map((m) => m.id) },
      { o: "inst", v: meta, reset: true, add: [] },
      { o: "msg", to: id, m: startMessage(IDS, meta, now) },
    ]);
    return id;
  }

  /** Delivers an external event; the body is checked only once the instance is known to take it (404, 410, 400). */
  raiseEvent(instanceId: string, name: string, body: { contentType?: string; text?: string }): void {
    const inst = this.requireInstance(instanceId);
    if (isTerminal(inst.status)) throw new DurableClientError(`Instance '${instanceId}' is ${inst.status}`, 410);
    const inputJson = eventInput(body.contentType, body.text);
    const fields: Record<string, unknown> = { Name: name };
    if (inputJson !== undefined) fields.Input = inputJson;
    this.message(instanceId, event(EventType.EventRaised, this.engine.clock.now(), fields));
  }

  /**
   * Starts the orchestration of `instanceId` again with the input of its last execution, as the extension's
   * `RestartAsync`: under a new instance id by default, or under the same one (refused while it runs).
   */
  restart(instanceId: string, withNewInstanceId: boolean): string {
    const inst = this.engine.store.instances.get(instanceId);
    if (!inst) throw new DurableClientError("InstanceId does not match a valid orchestration instance.", 400);
    return this.startNew(inst.name, withNewInstanceId ? undefined : instanceId, inst.input);
  }

  /** Terminates, suspends or resumes an instance. */
  control(instanceId: string, op: "terminate" | "suspend" | "resume", reason: string): void {
    const inst = this.requireInstance(instanceId);
    if (isTerminal(inst.status)) throw new DurableClientError(`Instance '${instanceId}' is ${inst.status}`, 410);
    const type = {
      terminate: EventType.ExecutionTerminated,
      suspend: EventType.ExecutionSuspended,
      resume: EventType.ExecutionResumed,
    }[op];
    this.message(instanceId, event(type, this.engine.clock.now(), { Input: reason }));
  }

  /** Deletes the instances `ids`; returns how many existed. */
  purge(ids: string[]): number {
    const found = ids.filter((id) => this.engine.store.instances.has(id));
    this.engine.commit(found.map((id) => ({ o: "delInst", id }) as Mutation));
    return found.length;
  }

  /** Sends an operation to an entity. */
  signalEntity(name: string, key: string, op: string, inputJson: string | undefined): void {
    this.engine.commit([
      {
        o: "msg",
        to: entitySchedulerId(name, key),
        m: { id: randomUUID(), entityOp: { name: op, input: inputJson, isSignal: true } },
      },
    ]);
  }

  private message(instanceId: string, e: ReturnType<typeof event>): void {
    this.engine.commit([{ o: "msg", to: instanceId, m: { id: randomUUID(), event: e } }]);
  }

  private requireInstance(instanceId: string): InstanceRecord {
    const inst = this.engine.store.instances.get(instanceId);
    if (!inst) throw new DurableClientError(`No instance with ID '${instanceId}'`, 404);
    return inst;
  }
}
