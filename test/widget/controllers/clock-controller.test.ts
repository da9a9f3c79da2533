import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import sinon from 'sinon';
import {
  ClockController,
  soonestWhole,
  untilNextWhole,
  type ClockOptions,
} from '../../../src/widget/controllers/clock-controller.js';

/** A host that counts its renders and the time each one saw. */
class ClockHost extends LitElement {
  options: ClockOptions = {};
  clock!: ClockController;
  renders: number[] = [];

  override connectedCallback(): void {
    this.clock ??= new ClockController(this, this.options);
    super.connectedCallback();
  }

  override render() {
    this.renders.push(this.clock.now.getTime());
    return null;
  }
}
customElements.define('clock-controller-test-host', ClockHost);

async function host(options: ClockOptions): Promise<ClockHost> {
  const el = document.createElement('clock-controller-test-host') as ClockHost;
  el.options = options;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('ClockController', () => {
  let timers: sinon.SinonFakeTimers;
  beforeEach(() => {
    timers = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    timers.restore();
    document.querySelectorAll('clock-controller-test-host').forEach((el) => el.remove());
  });

  it('untilNextWhole: the time to the next whole period from an origin, before or after it', () => {
    expect(untilNextWhole(1000, 0, 400)).to.equal(600);
    expect(untilNextWhole(1000, 0, 1000)).to.equal(1000);
    expect(untilNextWhole(1000, 5_250, 3_000)).to.equal(250); // a countdown to 5.25 s: 2.25 s left, next at 2 s
    expect(soonestWhole(60_000, [0, 30_000], 10_000)).to.equal(20_000);
    expect(soonestWhole(1000, [NaN], 0)).to.equal(null);
    expect(soonestWhole(1000, [], 0)).to.equal(null);
  });

  it('re-renders its host when `next` says, reading the injected clock before each render', async () => {
    let clock = 50_000;
    const el = await host({ now: () => new Date(clock), next: (now) => untilNextWhole(1000, 0, now) });
    expect(el.renders).to.deep.equal([50_000]);
    clock = 50_999;
    await timers.tickAsync(999);
    expect(el.renders).to.have.length(1);
    clock = 51_000;
    await timers.tickAsync(1);
    expect(el.renders).to.deep.equal([50_000, 51_000]);
    expect(timers.countTimers()).to.equal(1); // one timeout at a time
  });

  it('sets no timer while nothing moves, and one again once something does', async () => {
    let moving = false;
    const el = await host({ next: () => (moving ? 500 : null) });
    expect(timers.countTimers()).to.equal(0);
    moving = true;
    el.requestUpdate();
    await el.updateComplete;
    expect(timers.countTimers()).to.equal(1);
    await timers.tickAsync(500);
    expect(el.renders).to.have.length(3);
  });

  it('redraws relative times every 30 s by default, and stops when the host leaves the page', async () => {
    const el = await host({});
    await timers.tickAsync(30_000);
    expect(el.renders).to.have.length(2);
    el.remove();
    expect(timers.countTimers()).to.equal(0);
  });
});
