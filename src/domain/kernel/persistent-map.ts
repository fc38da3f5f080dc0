/**
 * An immutable string-keyed map with structural sharing (a hash array mapped
 * trie). `set` and `remove` copy only the nodes on the path to the key
 * (at most 7 levels of at most 32 children), so evolving a stock state with
 * thousands of open reservations costs the same as with three, and earlier
 * states stay intact for whoever still holds them (a command handler keeps
 * the last state in memory and must be able to drop a rejected decision).
 *
 * Plain data only (objects, arrays, numbers), so a state survives a JSON round
 * trip, and two maps with the same entries have the same shape (toEqual works).
 */
type Entry<V> = readonly [key: string, value: V];
/** Every key of a leaf has the same full 32-bit hash (more than one only on a collision). */
type Leaf<V> = { readonly hash: number; readonly entries: readonly Entry<V>[] };
type Branch<V> = { readonly bitmap: number; readonly children: readonly Node<V>[] };
type Node<V> = Leaf<V> | Branch<V>;

export type PersistentMap<V> = { readonly size: number; readonly root: Branch<V> };

const BITS = 5;
const MASK = 0b11111;

const EMPTY_ROOT: Branch<never> = { bitmap: 0, children: [] };

export const empty = <V>(): PersistentMap<V> => ({ size: 0, root: EMPTY_ROOT });

/** FNV-1a over UTF-16 code units, as an unsigned 32-bit integer. */
const hashOf = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
};

const isLeaf = <V>(node: Node<V>): node is Leaf<V> => 'entries' in node;

const slot = (hash: number, shift: number): number => (hash >>> shift) & MASK;

/** Position of the child for `bit` among the children present in `bitmap`. */
const positionOf = (bitmap: number, bit: number): number => popcount(bitmap & (bit - 1));

const childAt = <V>(branch: Branch<V>, position: number): Node<V> => {
  const child = branch.children[position];
  if (child === undefined) throw new Error('persistent map: bitmap and children disagree');
  return child;
};

const withChild = <V>(children: readonly Node<V>[], position: number, child: Node<V>): Node<V>[] => {
  const copy = children.slice();
  copy[position] = child;
  return copy;
};

export const get = <V>(map: PersistentMap<V>, key: string): V | undefined => {
  const hash = hashOf(key);
  let node: Node<V> = map.root;
  for (let shift = 0; ; shift += BITS) {
    if (isLeaf(node)) {
      if (node.hash !== hash) return undefined;
      for (const [k, v] of node.entries) if (k === key) return v;
      return undefined;
    }
    const bit = 1 << slot(hash, shift);
    if ((node.bitmap & bit) === 0) return undefined;
    node = childAt(node, positionOf(node.bitmap, bit));
  }
};

export const has = <V>(map: PersistentMap<V>, key: string): boolean => get(map, key) !== undefined;

/** Two leaves with different hashes, joined under as many branches as their hashes share slots. */
const join = <V>(a: Leaf<V>, b: Leaf<V>, shift: number): Branch<V> => {
  const slotA = slot(a.hash, shift);
  const slotB = slot(b.hash, shift);
  if (slotA === slotB) return { bitmap: 1 << slotA, children: [join(a, b, shift + BITS)] };
  return { bitmap: (1 << slotA) | (1 << slotB), children: slotA < slotB ? [a, b] : [b, a] };
};

const insert = <V>(node: Node<V>, shift: number, leaf: Leaf<V>, key: string, value: V): [Node<V>, boolean] => {
  if (isLeaf(node)) {
    if (node.hash !== leaf.hash) return [join(node, leaf, shift), true];
    const index = node.entries.findIndex(([k]) => k === key);
    if (index < 0) return [{ hash: node.hash, entries: [...node.entries, [key, value]] }, true];
    const entries = node.entries.slice();
    entries[index] = [key, value];
    return [{ hash: node.hash, entries }, false];
  }
  const bit = 1 << slot(leaf.hash, shift);
  const position = positionOf(node.bitmap, bit);
  if ((node.bitmap & bit) === 0) {
    const children = node.children.slice();
    children.splice(position, 0, leaf);
    return [{ bitmap: node.bitmap | bit, children }, true];
  }
  const [child, added] = insert(childAt(node, position), shift + BITS, leaf, key, value);
  return [{ bitmap: node.bitmap, children: withChild(node.children, position, child) }, added];
};

export const set = <V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> => {
  const leaf: Leaf<V> = { hash: hashOf(key), entries: [[key, value]] };
  const [root, added] = insert(map.root, 0, leaf, key, value);
  return { size: added ? map.size + 1 : map.size, root: root as Branch<V> };
};

/**
 * Returns the same node when the key is absent and null when the node empties.
 * A branch below the root left with a single leaf collapses into that leaf, so
 * the shape depends only on the keys, not on the history of sets and removes.
 */
const without = <V>(node: Node<V>, shift: number, hash: number, key: string): Node<V> | null => {
  if (isLeaf(node)) {
    if (node.hash !== hash) return node;
    const entries = node.entries.filter(([k]) => k !== key);
    if (entries.length === node.entries.length) return node;
    return entries.length === 0 ? null : { hash, entries };
  }
  const bit = 1 << slot(hash, shift);
  if ((node.bitmap & bit) === 0) return node;
  const position = positionOf(node.bitmap, bit);
  const child = childAt(node, position);
  const next = without(child, shift + BITS, hash, key);
  if (next === child) return node;
  const children = next === null ? node.children.filter((_, i) => i !== position) : withChild(node.children, position, next);
  if (children.length === 0) return null;
  const only = children.length === 1 ? children[0] : undefined;
  if (shift > 0 && only !== undefined && isLeaf(only)) return only;
  return { bitmap: next === null ? node.bitmap & ~bit : node.bitmap, children };
};

export const remove = <V>(map: PersistentMap<V>, key: string): PersistentMap<V> => {
  const root = without(map.root, 0, hashOf(key), key);
  if (root === map.root) return map;
  return { size: map.size - 1, root: root === null ? EMPTY_ROOT : (root as Branch<V>) };
};

export function* entries<V>(map: PersistentMap<V>): Generator<[string, V]> {
  const stack: Node<V>[] = [map.root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isLeaf(node)) for (const [k, v] of node.entries) yield [k, v];
    else stack.push(...node.children);
  }
}
