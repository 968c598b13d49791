/**
 * Worker-thread entry of the renderers (see offThread.ts): the PDFs, the progress-table .xlsx and the
 * departments' workbooks are laid out here, off the server's event loop. Inputs arrive structured-cloned
 * (plain data, Maps, Dates).
 */
import { serveTasks } from '../../jobs/worker/serve.js';
import { RENDER_TASKS } from './tasks.js';

serveTasks(RENDER_TASKS);
