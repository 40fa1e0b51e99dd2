// Creating a container the way docker's CLI does: POST /containers/create; when the image is missing, say so,
// try to pull it (berthd answers with its own error until pulling lands) and create again.
import type { CommandContext } from '../../command.js';
import { ApiError } from '../../client/api-error.js';
import type { CreateRequest } from './create-request.js';

/** docker's familiar form of a reference with the default tag: `busybox` -> `busybox:latest`. */
export function withDefaultTag(ref: string): string {
  if (ref.includes('@')) return ref;
  const slash = ref.lastIndexOf('/');
  return ref.slice(slash + 1).includes(':') ? ref : `${ref}:latest`;
}

/** reference.ParseNormalizedNamed(ref).Name(): `busybox` -> `docker.io/library/busybox`. */
export function normalizedName(name: string): string {
  const first = name.split('/')[0]!;
  const hasDomain = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain) return name;
  return `docker.io/${name.includes('/') ? '' : 'library/'}${name}`;
}

export async function createContainer(ctx: CommandContext, req: CreateRequest, pull: string | undefined): Promise<string> {
  const create = () =>
    ctx.client().json<{ Id: string; Warnings?: string[] | null }>('POST', '/containers/create', { query: { name: req.name }, body: req.body });
  let r: { Id: string; Warnings?: string[] | null };
  try {
    r = await create();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404 && /^No such image/.test(err.message)) || pull === 'never') throw err;
    const ref = withDefaultTag(req.image);
    ctx.stderr.write(`Unable to find image '${ref}' locally\n`);
    const cut = ref.includes('@') ? ref.indexOf('@') : ref.lastIndexOf(':');
    const res = await ctx.client().request('POST', '/images/create', { query: { fromImage: normalizedName(ref.slice(0, cut)), tag: ref.slice(cut + 1) } });
    for await (const _ of res) {
      // progress messages are shown once pulling lands
    }
    r = await create();
  }
  for (const w of r.Warnings ?? []) ctx.stderr.write(`WARNING: ${w}\n`);
  return r.Id;
}
