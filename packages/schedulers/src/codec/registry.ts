/**
 * Value codecs: how values that structured clone cannot carry well cross to workers and back.
 *
 * A codec turns a value of one type into cloneable data (typed arrays in it are then transferred or
 * spooled like any other) and back, e.g. an Apache Arrow table into IPC bytes. Registration is an
 * explicit `registerCodec` call that refuses duplicate names (arquero's op/register.js). Each codec
 * names the module that registers it: workers import those modules before they take jobs, so both
 * sides know the same codecs.
 */

import { RegistryError } from '@tusk/core';

/** How one type of value crosses between the main thread and workers. */
export interface ValueCodec<T = any, E = any> {
  /** Unique name (e.g. `'arrow-table'`). */
  readonly name: string;
  /** URL of a module whose import registers this codec (usually `import.meta.url`). */
  readonly module: string;
  /** Is `value` of this codec's type? Only called for objects that are not plain arrays or objects. */
  test(value: unknown): value is T;
  /** Turn the value into cloneable data. */
  encode(value: T): E;
  /**
   * Encode for a child process instead of `encode` (processes share no memory); may throw to
   * refuse the value. `where` describes the value for the message (e.g. "the arguments of task 'k'").
   */
  toProcess?(value: T, where: string): E;
  /**
   * Encode for a worker thread instead of `encode` (threads pools, both ways): typed arrays in what
   * it returns are transferred or copied by the wire like any others, so a codec can hand over the
   * value's own buffers instead of packing them. `decode` must take both forms.
   */
  toThread?(value: T): E;
  /** Rebuild the value. */
  decode(data: E): T;
  /**
   * `decode` keeps the bytes it is given as they are, for as long as the value lives (an Arrow
   * table read from IPC bytes views them), and those bytes are a form `decode` takes in a child
   * process. Then a value decoded from bytes is sent on to child processes as those same bytes,
   * not encoded again: a result the main thread only passes from one process to the next costs
   * no encoding there.
   */
  readonly keepsBytes?: boolean;
}

const byName = new Map<string, ValueCodec>();
let list: readonly ValueCodec[] = [];
let version = 0;

/**
 * Register a codec (refuses a name already registered).
 *
 * @example
 * registerCodec({
 *   name: 'point', module: import.meta.url,
 *   test: (v): v is Point => v instanceof Point,
 *   encode: (p) => [p.x, p.y],
 *   decode: ([x, y]) => new Point(x, y),
 * });
 */
export function registerCodec(codec: ValueCodec): void {
  if (typeof codec?.name !== 'string' || codec.name === '') {
    throw new RegistryError('A codec needs a non-empty name.');
  }
  if (byName.has(codec.name)) throw new RegistryError(`A codec named '${codec.name}' is already registered.`);
  if (typeof codec.module !== 'string') {
    throw new RegistryError(
      `Codec '${codec.name}' needs \`module\` (usually import.meta.url): workers import it to learn the codec.`,
    );
  }
  byName.set(codec.name, codec);
  list = [...list, codec];
  version++;
}

/** The codec registered as `name`, if any. */
export function getCodec(name: string): ValueCodec | undefined {
  return byName.get(name);
}

/** The first codec whose `test` accepts `value`. */
export function findCodec(value: unknown): ValueCodec | undefined {
  for (let i = 0; i < list.length; i++) if (list[i].test(value)) return list[i];
  return undefined;
}

/** Whether any codec is registered (lets encoders skip the lookup). */
export function hasCodecs(): boolean {
  return list.length > 0;
}

/** Distinct modules of the registered codecs, in registration order. */
export function codecModules(): string[] {
  return [...new Set(list.map((c) => c.module))];
}

/** Grows by one with each registration (pools use it to tell running workers about new codecs). */
export function codecVersion(): number {
  return version;
}
