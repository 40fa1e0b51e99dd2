// A typed in-process event bus for container and image events (the /events endpoint and waiters read it).
import { EventEmitter } from 'node:events';

export interface EngineEvent {
  Type: 'container' | 'image' | 'network' | 'volume' | 'daemon';
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
}

export class EventBus {
  readonly #emitter = new EventEmitter();
  readonly #recent: EngineEvent[] = [];

  constructor(readonly keep = 1000) {
    this.#emitter.setMaxListeners(0);
  }

  emit(type: EngineEvent['Type'], action: string, id: string, attributes: Record<string, string> = {}): void {
    const ms = Date.now();
    const e: EngineEvent = { Type: type, Action: action, Actor: { ID: id, Attributes: attributes }, time: Math.floor(ms / 1000), timeNano: ms * 1_000_000 };
    this.#recent.push(e);
    if (this.#recent.length > this.keep) this.#recent.shift();
    this.#emitter.emit('event', e);
  }

  recent(): readonly EngineEvent[] {
    return this.#recent;
  }

  subscribe(fn: (e: EngineEvent) => void): () => void {
    this.#emitter.on('event', fn);
    return () => this.#emitter.off('event', fn);
  }
}
