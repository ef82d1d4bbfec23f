import type { RecordJournal } from "../../shared/journal.js";
import type { JournalRecord } from "./journalRecord.js";

export { MemoryJournal } from "../../shared/journal.js";

/** The journal's interface, as the broker store uses it (the shared journal's, over broker records). */
export type RecordLog = RecordJournal<JournalRecord>;
