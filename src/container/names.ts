// Container names: Docker's rule, and generated names for containers created without one.
import { randomInt } from 'node:crypto';
import { invalidContainerName, ambiguousReference } from '../errors.js';

const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Returns the name without its leading slash, or throws Docker's error. */
export function validateName(name: string): string {
  if (!NAME_RE.test(name)) throw invalidContainerName(name);
  return name.replace(/^\//, '');
}

const LEFT = ['admiring', 'brave', 'calm', 'clever', 'eager', 'focused', 'gentle', 'happy', 'jolly', 'keen', 'lucid', 'nifty', 'quirky', 'serene', 'sharp', 'vibrant', 'wizardly', 'zealous'];
const RIGHT = ['albattani', 'babbage', 'curie', 'darwin', 'einstein', 'feynman', 'galileo', 'hopper', 'kepler', 'lovelace', 'noether', 'pascal', 'ritchie', 'shannon', 'tesla', 'turing', 'wozniak', 'yalow'];

export function generateName(taken: (n: string) => boolean): string {
  for (let i = 0; ; i++) {
    const n = `${LEFT[randomInt(LEFT.length)]}_${RIGHT[randomInt(RIGHT.length)]}${i > 5 ? randomInt(100) : ''}`;
    if (!taken(n)) return n;
  }
}

export interface NameIndex {
  /** The record with exactly this ID. */
  hasId(id: string): boolean;
  /** The ID holding this name (without its slash). */
  idOfName(name: string): string | undefined;
  ids(): Iterable<string>;
}

/**
 * Docker's lookup order: full ID, then name (with or without its '/'), then a unique ID prefix. Returns the ID,
 * undefined when nothing matches; throws when a prefix matches several containers.
 */
export function resolveRef(ref: string, index: NameIndex): string | undefined {
  if (ref === '') return undefined;
  if (index.hasId(ref)) return ref;
  const byName = index.idOfName(ref.replace(/^\//, ''));
  if (byName) return byName;
  if (!/^[a-f0-9]+$/.test(ref)) return undefined;
  let found: string | undefined;
  for (const id of index.ids()) {
    if (!id.startsWith(ref)) continue;
    if (found) throw ambiguousReference(ref, 'container');
    found = id;
  }
  return found;
}
