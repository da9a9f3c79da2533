/** Time as the hub sees it. Injected everywhere time matters so tests can set it exactly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
