import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { RING_CYCLE_MS, RingTone } from '../../../src/widget/audio/ring-tone.js';

/** Just enough of an AudioContext to see what the ring plays. */
function fakeAudio() {
  const outputs: Array<{ disconnected: boolean }> = [];
  const param = () => ({ value: 0, setValueAtTime() {}, setTargetAtTime() {} });
  const context = {
    state: 'running',
    currentTime: 0,
    destination: {},
    closed: false,
    createGain() {
      const node = {
        gain: param(),
        disconnected: false,
        connect() {},
        disconnect() {
          node.disconnected = true;
        },
      };
      outputs.push(node);
      return node;
    },
    createOscillator() {
      const oscillator = { frequency: param(), connect() {}, start() {}, stop() {} };
      return oscillator;
    },
    resume: () => Promise.resolve(),
    close() {
      context.closed = true;
      return Promise.resolve();
    },
  };
  const createOscillator = sinon.spy(context, 'createOscillator');
  return { context, outputs, createOscillator, create: () => context as unknown as AudioContext };
}

const activated = (active: boolean) =>
  sinon.stub(navigator, 'userActivation' as keyof Navigator).get(() => ({ hasBeenActive: active, isActive: active }));

describe('RingTone', () => {
  afterEach(() => sinon.restore());

  it('stays silent, without throwing, until the page has had a click or key press', () => {
    activated(false);
    const create = sinon.spy(() => {
      throw new Error('must not be called');
    });
    const ring = new RingTone(create);
    expect(() => ring.start()).to.not.throw();
    expect(ring.ringing).to.equal(true);
    expect(create.called).to.equal(false);
    ring.stop();
    expect(ring.ringing).to.equal(false);
  });

  it('never throws when WebAudio is missing or refuses', () => {
    activated(true);
    const ring = new RingTone(() => {
      throw new DOMException('The AudioContext was not allowed to start.', 'NotAllowedError');
    });
    expect(() => ring.start()).to.not.throw();
    expect(() => ring.stop()).to.not.throw();
    expect(() => ring.dispose()).to.not.throw();
  });

  it('rings with two oscillators every cycle until stopped, then releases the audio device', async () => {
    activated(true);
    const timers = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const audio = fakeAudio();
    const ring = new RingTone(audio.create);
    ring.start();
    ring.start(); // already ringing: nothing more
    expect(audio.createOscillator.callCount).to.equal(2);
    await timers.tickAsync(RING_CYCLE_MS);
    expect(audio.createOscillator.callCount).to.equal(4);
    // Each ring makes an output node (then the bursts' envelope): the previous ring's output is let go.
    const ringOutputs = () => audio.outputs.filter((_, i) => i % 2 === 0);
    expect(ringOutputs().map((o) => o.disconnected)).to.deep.equal([true, false]);
    ring.stop(); // silent at once, mid-ring too
    expect(ringOutputs().map((o) => o.disconnected)).to.deep.equal([true, true]);
    await timers.tickAsync(5 * RING_CYCLE_MS);
    expect(audio.createOscillator.callCount).to.equal(4);
    expect(timers.countTimers()).to.equal(0);
    ring.start(); // the same context again
    expect(audio.createOscillator.callCount).to.equal(6);
    ring.dispose();
    expect(audio.context.closed).to.equal(true);
    expect(timers.countTimers()).to.equal(0);
  });

  it('plays through a real AudioContext after a key press, and stops cleanly', async () => {
    await sendKeys({ press: 'Shift' }); // a user gesture
    const ring = new RingTone();
    expect(() => ring.start()).to.not.throw();
    expect(ring.ringing).to.equal(true);
    ring.dispose();
    expect(ring.ringing).to.equal(false);
  });
});
