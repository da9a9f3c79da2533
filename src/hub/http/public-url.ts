/**
 * Where providers reach the hub, for the callback URLs we give them and the media URLs they fetch: the configured
 * public URL, or http://localhost:{port} once the hub listens (tests and the demo listen on port 0).
 */
export class PublicUrl {
  #base: string;

  constructor(configured: string | undefined) {
    this.#base = configured?.replace(/\/$/, '') ?? '';
  }

  /** The hub listens on `port` now; without a configured URL that names it. */
  listening(port: number): void {
    this.#base ||= `http://localhost:${port}`;
  }

  get base(): string {
    return this.#base;
  }

  /** The public URL of a path on the hub, e.g. `at('/webhooks/twilio')`. */
  at(path: string): string {
    return this.#base + path;
  }
}
