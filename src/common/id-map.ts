// The user-namespace remapping (`--userns-remap`): container IDs [0, size) are host IDs [base, base + size). Layers
// are stored shifted (as the container's root sees them, its files belong to it), and shifted back whenever a tree
// becomes a tar again (commit, export, cp), so images and their digests never depend on the remap.

export interface IdMap {
  uid: number;
  gid: number;
  size: number;
}

/** Nobody: a host ID without a container ID shows as this (the kernel's overflow ID). */
export const OVERFLOW_ID = 65534;

export class IdMapError extends Error {}

/** Host ID of a container ID; an ID outside the range cannot be represented on the host. */
export function toHost(map: IdMap, uid: number, gid: number): { uid: number; gid: number } {
  if (uid < 0 || uid >= map.size) throw new IdMapError(`Container ID ${uid} cannot be mapped to a host ID`);
  if (gid < 0 || gid >= map.size) throw new IdMapError(`Container ID ${gid} cannot be mapped to a host ID`);
  return { uid: map.uid + uid, gid: map.gid + gid };
}

/** Container ID of a host ID; one outside the range (the host's own files) shows as nobody, as in the container. */
export function toContainer(map: IdMap, uid: number, gid: number): { uid: number; gid: number } {
  const u = uid - map.uid;
  const g = gid - map.gid;
  return { uid: u >= 0 && u < map.size ? u : OVERFLOW_ID, gid: g >= 0 && g < map.size ? g : OVERFLOW_ID };
}

/** The OCI linux.uidMappings / gidMappings for the map. */
export function ociMappings(map: IdMap): { uidMappings: object[]; gidMappings: object[] } {
  return {
    uidMappings: [{ containerID: 0, hostID: map.uid, size: map.size }],
    gidMappings: [{ containerID: 0, hostID: map.gid, size: map.size }],
  };
}
