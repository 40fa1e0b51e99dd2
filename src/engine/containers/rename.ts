// `POST /containers/{id}/rename`: dockerd's checks in dockerd's order and words. A running container may be renamed.
import { validateName } from '../../container/names.js';
import { BerthError, invalidArgument, nameInUse } from '../../errors.js';
import type { ContainerService } from './container-service.js';

export async function renameContainer(svc: ContainerService, ref: string, newName: string): Promise<void> {
  if (!ref || !newName) throw invalidArgument('Neither old nor new names may be empty');
  const rec = svc.resolve(ref);
  if (rec.name === newName.replace(/^\//, '')) throw invalidArgument('Renaming a container with the same name as its current name');
  let name: string;
  try {
    // dockerd validates while reserving the name (with its '/'), and says so
    name = validateName(newName.startsWith('/') ? newName : `/${newName}`);
    const holder = svc.names.get(name);
    if (holder) throw nameInUse(name, holder);
  } catch (err) {
    const e = err as BerthError;
    throw new BerthError(e.kind, e.code, `Error when allocating new name: ${e.message}`, { cause: err });
  }
  const old = rec.name;
  svc.names.delete(old);
  rec.name = name;
  svc.names.set(name, rec.id);
  await svc.save(rec);
  svc.emit(rec, 'rename', { oldName: `/${old}` });
}
