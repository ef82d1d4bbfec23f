/** Where the devhost writes its lines; tests pass a collector or a no-op. */
export type LogSink = (line: string) => void;

/** Structured log helpers over one sink. */
export class DevhostLogger {
  constructor(private readonly sink: LogSink) {}

  /** One line per invocation: function, instance, duration, outcome, and for a failure the error's message. */
  invocation(fields: {
    functionName: string;
    instanceId?: string;
    durationMs: number;
    outcome: string;
    /** The message of the error a failed invocation threw; JSON-quoted so the entry stays one line. */
    error?: string;
    detail?: string;
  }) {
    const inst = fields.instanceId ? ` instance=${fields.instanceId}` : "";
    const error = fields.error !== undefined ? ` error=${JSON.stringify(fields.error)}` : "";
    const detail = fields.detail ? ` ${fields.detail}` : "";
    this.sink(
      `[devhost] fn=${fields.functionName}${inst} durationMs=${fields.durationMs.toFixed(1)} outcome=${fields.outcome}${error}${detail}`,
    );
  }

  /** A `context.log` line from user code, with its level. */
  user(functionName: string, level: string, message: string) {
    this.sink(`[${functionName}] ${level}: ${message}`);
  }

  /** A host-level line. */
  host(level: string, message: string) {
    this.sink(`[devhost] ${level}: ${message}`);
  }
}

/** Default sink: stdout. */
export const stdoutSink: LogSink = (line) => process.stdout.write(`${line}\n`);
