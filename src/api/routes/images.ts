// STUB — image endpoints.
import type { Router } from '../router.js';
import type { ImageService } from '../../engine/images/image-service.js';

export function imageRoutes(_r: Router, _images: ImageService): void {}
