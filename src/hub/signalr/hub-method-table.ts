/**
 * Lookup of hub methods by invocation target: exact name first, then case-insensitive (ASP.NET Core
 * matches hub method names ignoring case). Built once, from own enumerable properties only, so targets
 * like "constructor" or "__proto__" never reach Object.prototype.
 */
import type { HubMethod } from './hub-definition.js';

export class HubMethodTable<TUser> {
  readonly #exact = new Map<string, HubMethod<TUser>>();
  readonly #folded = new Map<string, HubMethod<TUser>>();

  constructor(methods: Record<string, HubMethod<TUser>>) {
    for (const [name, method] of Object.entries(methods)) {
      if (typeof method !== 'function') throw new TypeError(`Hub method '${name}' is not a function.`);
      this.#exact.set(name, method);
      const folded = name.toLowerCase();
      if (!this.#folded.has(folded)) this.#folded.set(folded, method);
    }
  }

  find(target: string): HubMethod<TUser> | undefined {
    return this.#exact.get(target) ?? this.#folded.get(target.toLowerCase());
  }
}
