// STUB — container endpoints.
import type { Router } from '../router.js';
import type { ContainerService } from '../../engine/containers/container-service.js';

export function containerRoutes(_r: Router, _containers: ContainerService): void {}
