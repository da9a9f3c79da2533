/** One ring: two short bursts (as a UK phone rings), then silence until the next ring starts. */
const BURSTS: ReadonlyArray<readonly [start: number, end: number]> = [
  [0, 0.4],
  [0.6, 1],
];
/** Time from the start of one ring to the start of the next. */
export const RING_CYCLE_MS = 3000;
const FREQUENCIES = [400, 450];
const VOLUME = 0.12;

/** A tone's shape: when each burst starts and ends (s), and the frequencies sounding together (Hz). */
export interface ToneShape {
  bursts: ReadonlyArray<readonly [start: number, end: number]>;
  frequencies: readonly number[];
}

/** The short chime for new work (`once()`): two quick high bursts. */
export const CHIME: ToneShape = {
  bursts: [
    [0, 0.12],
    [0.18, 0.3],
  ],
  frequencies: [880, 1320],
};

/**
 * The softphone's ring: a tone made with WebAudio oscillators (no audio file), repeating until stopped.
 *
 * Browsers only let a page play sound after the person has used it (a click, a key press). Before that, or where
 * WebAudio is missing or refuses, the ring is silent: `start()` never throws. The AudioContext is made on the first
 * ring that can sound and kept for the next ones; `dispose()` closes it.
 */
export class RingTone {
  private context: AudioContext | null = null;
  private output: GainNode | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly createContext: () => AudioContext = () => new AudioContext(),
    private readonly shape: ToneShape = { bursts: BURSTS, frequencies: FREQUENCIES },
  ) {}

  /** Whether it is ringing (sound or not). */
  get ringing(): boolean {
    return this.timer !== null;
  }

  /** Starts ringing (nothing if it already rings). */
  start(): void {
    if (this.timer !== null) return;
    const ring = () => {
      this.timer = setTimeout(ring, RING_CYCLE_MS);
      this.sound();
    };
    ring();
  }

  /** Sounds once, without repeating (a chime); silent in the same cases as a ring. */
  once(): void {
    this.sound();
  }

  /** Stops at once, mid-ring too. */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    try {
      this.output?.disconnect();
    } catch {
      // already disconnected
    }
    this.output = null;
  }

  /** Stops and releases the audio device. */
  dispose(): void {
    this.stop();
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  /** One ring, when the page may play sound; otherwise nothing. */
  private sound(): void {
    // Without a user gesture yet, an AudioContext would only be refused (with a console warning): stay silent.
    if (
      (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive === false
    )
      return;
    try {
      const context = (this.context ??= this.createContext());
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
      const output = context.createGain();
      output.connect(context.destination);
      this.output?.disconnect();
      this.output = output;
      const at = context.currentTime + 0.05;
      const envelope = context.createGain();
      envelope.gain.setValueAtTime(0, at);
      const { bursts, frequencies } = this.shape;
      for (const [start, end] of bursts) {
        // a few ms of fade in and out, so the bursts do not click
        envelope.gain.setTargetAtTime(VOLUME, at + start, 0.005);
        envelope.gain.setTargetAtTime(0, at + end, 0.005);
      }
      envelope.connect(output);
      for (const frequency of frequencies) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(envelope);
        oscillator.start(at);
        oscillator.stop(at + bursts[bursts.length - 1][1] + 0.05);
      }
    } catch {
      // no WebAudio, or the browser refused it: a silent ring
    }
  }
}
