// placeholder: being written
import type { TuskCollection } from '../collection.js';
import type { DotOptions } from './to-dot.js';
export interface VisualizeOptions extends DotOptions { format?: 'dot' | 'svg' }
export async function visualize(_x: TuskCollection, _file: string, _o?: VisualizeOptions): Promise<string> { throw new Error('todo'); }
