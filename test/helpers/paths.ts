// Where the repository's built artefacts are, seen from dist/test/helpers/.
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const BERTHD_BUNDLE = join(REPO_ROOT, 'dist/bundle/berthd.mjs');
export const BERTH_BUNDLE = join(REPO_ROOT, 'dist/bundle/berth.mjs');
const nodeFromNpm = join(REPO_ROOT, 'node_modules/node/bin/node');
/** The Node the launchers use (Node 24 from npm when installed). */
export const NODE = existsSync(nodeFromNpm) ? nodeFromNpm : process.execPath;
export const BUSYBOX_ROOTFS_SCRIPT = join(REPO_ROOT, 'scripts/busybox-rootfs.sh');
