/**
 * Worker-thread entry of the import parsers (see parseOffThread.ts): a file or pasted text in, the table
 * (ParsedUpload, plain data) out, or the refusal with its message.
 */
import { serveTasks } from '../../jobs/worker/serve.js';
import { PARSE_TASKS } from './tasks.js';

serveTasks(PARSE_TASKS);
