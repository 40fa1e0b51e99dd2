// Container names: Docker's rule, and generated names for containers created without one.
import { randomInt } from 'node:crypto';
import { invalidContainerName } from '../errors.js';

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
