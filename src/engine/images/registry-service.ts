// The engine's face to registries for the API: pull, push, login, with the daemon's registry settings (certs
// directory, insecure registries, mirrors) applied.
import type { ImageService } from './image-service.js';
import { pullImage, pullReference, type PullOptions, type PullResult } from './pull-image.js';
import { pushImage, type PushOptions } from './push-image.js';
import { RegistryHosts, type RegistryHostsOptions } from '../../registry/registry-hosts.js';
import { RemoteRepository, checkLogin } from '../../registry/remote-repository.js';
import { AuthRefused, type RegistryCredentials } from '../../registry/auth.js';
import { loginFailed, findBerthError } from '../../errors.js';
import { formatReference, repositoryName, familiarName } from '../../reference/reference.js';

export type { RegistryCredentials };

export class RegistryService {
  readonly hosts: RegistryHosts;

  constructor(readonly images: ImageService, options: RegistryHostsOptions) {
    this.hosts = new RegistryHosts(options);
  }

  pull(o: PullOptions): Promise<PullResult> {
    return pullImage(this.images, this.hosts, o);
  }

  /** `-a/--all-tags`: every tag of the repository, one after another. */
  async pullAllTags(o: PullOptions): Promise<void> {
    const ref = pullReference(o.reference, undefined);
    const remote = await RemoteRepository.open({
      hosts: this.hosts,
      domain: ref.domain,
      path: ref.path,
      displayName: familiarName(repositoryName(ref)),
      credentials: o.credentials,
      purpose: 'pull',
      signal: o.signal,
    });
    for (const tag of (await remote.listTags()).sort()) {
      await this.pull({ ...o, reference: formatReference({ ...ref, tag, digest: undefined }) });
    }
  }

  push(o: PushOptions): Promise<void> {
    return pushImage(this.images, this.hosts, o);
  }

  /** Validates credentials against the registry (`POST /auth`). */
  async login(domain: string, credentials: RegistryCredentials, signal?: AbortSignal): Promise<{ identityToken?: string }> {
    try {
      return await checkLogin(this.hosts, domain, credentials, signal);
    } catch (err) {
      if (err instanceof AuthRefused || findBerthError(err)?.code === 'ERR_REGISTRY_UNAUTHORIZED') throw loginFailed(`${domain}/v2/`, '401 Unauthorized');
      throw err;
    }
  }
}
