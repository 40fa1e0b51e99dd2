// The durable record of a network (networks/<id>.json), in Docker's vocabulary, plus what berth needs: its
// bridge device and the address leases of its endpoints.

export interface EndpointRecord {
  containerId: string;
  containerName: string;
  endpointId: string;
  ip: string;
  mac: string;
  aliases: string[];
  ifname: string;
  hostIf: string;
}

export interface NetworkRecord {
  Name: string;
  Id: string;
  Created: string;
  Driver: 'bridge';
  Internal: boolean;
  Labels: Record<string, string>;
  Options: Record<string, string>;
  subnet: string;
  gateway: string;
  ipRange?: string;
  bridge: string;
  /** The predefined `bridge` network (no DNS; removable never). */
  isDefault: boolean;
  endpoints: Record<string, EndpointRecord>;
}

/** What a container asked for on one network (NetworkingConfig.EndpointsConfig / connect). */
export interface EndpointRequest {
  aliases: string[];
  ipv4?: string;
}

/** A container's memberships, kept by the network service (networks/containers/<id>.json). */
export interface Membership {
  containerId: string;
  networks: Record<string, EndpointRequest>;
}
