/**
 * Renders PDFs and workbooks (the progress table, the departments' answer files) in a worker thread, so
 * that a large document does not stop the server from answering other requests while it is laid out.
 * The HTTP routes and the export jobs call these instead of the renderers.
 */
import { OffThread } from '../../jobs/worker/pool.js';
import { RENDER_TASKS, type RenderInputs, type RenderTask } from './tasks.js';

// worker.ts under tsx / vitest, worker.js when compiled
const ENTRY = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export const renderer = new OffThread(ENTRY, 'gyokaku-render');

export async function renderOffThread<K extends RenderTask>(task: K, input: RenderInputs[K]): Promise<Buffer> {
  const bytes = await renderer.run(task, input, () => RENDER_TASKS[task](input));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
