/** The import context as it travels to a worker process: the plan's nodes still as JSON text (queries/contextData.ts). Pure. */
import type { ImportContext, NodeInfo } from './build.js';

export type ImportContextData = Omit<ImportContext, 'nodes'> & { nodesJson: string };

export function contextFromData(data: ImportContextData): ImportContext {
  const { nodesJson, ...rest } = data;
  return { ...rest, nodes: JSON.parse(nodesJson) as NodeInfo[] };
}
