// Docker's `/events` filters (type, event, container, image, label, ...) and the legacy fields the CLI still
// prints. Pure: the API streams what `matchesEvent` lets through.
import { invalidArgument } from '../errors.js';
import type { EngineEvent } from './event-bus.js';

export type EventFilters = Record<string, string[]>;

const KEYS = ['config', 'container', 'daemon', 'event', 'image', 'label', 'network', 'node', 'plugin', 'scope', 'secret', 'service', 'type', 'volume'];
const TYPES = ['builder', 'config', 'container', 'daemon', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'volume'];

/** Throws Docker's error for an unknown filter key or event type. */
export function checkEventFilters(f: EventFilters): void {
  for (const k of Object.keys(f)) if (!KEYS.includes(k)) throw invalidArgument(`invalid filter '${k}'`);
  for (const t of f.type ?? []) if (!TYPES.includes(t)) throw invalidArgument(`unknown event type: ${t}`);
}

/** The object's ID, or its name: `container=web` matches by either, as Docker does. */
function actorMatches(e: EngineEvent, wanted: string[]): boolean {
  const name = e.Actor.Attributes.name;
  return wanted.some((w) => w === e.Actor.ID || w === name || (w.length >= 12 && e.Actor.ID.startsWith(w)));
}

function labelMatches(attrs: Record<string, string>, wanted: string[]): boolean {
  return wanted.every((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? w in attrs : attrs[w.slice(0, eq)] === w.slice(eq + 1);
  });
}

export function matchesEvent(e: EngineEvent, f: EventFilters): boolean {
  if (f.type && !f.type.includes(e.Type)) return false;
  if (f.event && !f.event.some((a) => e.Action === a || e.Action.startsWith(`${a}:`))) return false;
  if (f.scope && !f.scope.includes('local')) return false;
  for (const kind of ['container', 'network', 'volume'] as const) {
    if (f[kind] && !(e.Type === kind && actorMatches(e, f[kind]))) return false;
  }
  if (f.image) {
    const image = e.Type === 'image' ? e.Actor.ID : e.Actor.Attributes.image;
    const ok = f.image.some((i) => i === image || i === e.Actor.Attributes.name || (image !== undefined && image.startsWith(`${i}:`)));
    if (!ok) return false;
  }
  if (f.label && !labelMatches(e.Actor.Attributes, f.label)) return false;
  return true;
}

/** The JSON Docker sends per event: the current shape plus `status`/`id`/`from`, which the CLI still reads. */
export function eventJson(e: EngineEvent): Record<string, unknown> {
  const legacy = e.Type === 'container' ? { status: e.Action, id: e.Actor.ID, from: e.Actor.Attributes.image ?? '' } : e.Type === 'image' ? { status: e.Action, id: e.Actor.ID } : {};
  return { ...legacy, Type: e.Type, Action: e.Action, Actor: e.Actor, scope: 'local', time: e.time, timeNano: e.timeNano };
}
