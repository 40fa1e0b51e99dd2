// The network service as the container service sees it (backend.ts's ContainerNetworking).
import type { ContainerNetworking } from '../backend.js';
import type { NetworkService } from './network-service.js';
import { forgetContainer, hostLinksReleased, networkSettings, registerContainer, setUpSandbox, tearDownSandbox } from './sandbox.js';

export function containerNetworking(svc: NetworkService): ContainerNetworking {
  return {
    register: (id, mode, endpoints) => registerContainer(svc, id, mode, endpoints),
    setUp: (c) => setUpSandbox(svc, c),
    tearDown: (id) => tearDownSandbox(svc, id),
    hostLinksReleased: (id) => hostLinksReleased(svc, id),
    forget: (id) => forgetContainer(svc, id),
    settings: (id, mode) => networkSettings(svc, id, mode),
  };
}
