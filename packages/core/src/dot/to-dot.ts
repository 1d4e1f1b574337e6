// placeholder: being written
import type { TuskCollection } from '../collection.js';
import type { TaskGraph } from '../graph/task-graph.js';
export interface DotOptions { rankdir?: 'TB' | 'LR' | 'BT' | 'RL'; color?: 'order' | 'none'; collapse?: 'tasks' | 'layers' }
export function toDot(_x: TuskCollection | TaskGraph | readonly TuskCollection[], _o?: DotOptions): string { throw new Error('todo'); }
