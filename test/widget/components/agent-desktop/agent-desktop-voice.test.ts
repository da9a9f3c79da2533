import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../../../src/widget/components/agent-desktop/agent-desktop.js';
// the desktop loads these chunks once its organisation has voice; the layout tests below need them at once
import '../../../../src/widget/components/screen-pop-panel/screen-pop-panel.js';
import '../../../../src/widget/components/softphone-panel/softphone-panel.js';
import type { AgentDesktop } from '../../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import type { ScreenPopPanel } from '../../../../src/widget/components/screen-pop-panel/screen-pop-panel.component.js';
import type { SoftphonePanel } from '../../../../src/widget/components/softphone-panel/softphone-panel.component.js';
import type { RecordOpenDetail } from '../../../../src/widget/events/record-open-event.js';
import { VOICE, call } from '../../support/data.js';
import { text } from '../../support/dom.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { realHub, SEEDED_CALLERS, unknownCaller, type TestOrganisation } from '../../support/real-hub.js';
import { SoftphoneHarness } from '../softphone-panel/softphone-harness.js';
import { child, liveDesktop } from './agent-desktop-harness.js';

/** A button of a part of the desktop, by its accessible text (as a person, or playwright, finds it). */
function button(host: Element, name: string): HTMLButtonElement {
  const found = [...host.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === name);
  if (!found) throw new Error(`no "${name}" button in <${host.localName}>`);
  return found;
}

describe('<ad-desktop> with voice', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('places the softphone below the header and the screen pop above the panes, at any width', async () => {
    for (const width of [1000, 360]) {
      const el = await fixture<AgentDesktop>(html`<ad-desktop no-cache style="width: ${width}px"></ad-desktop>`);
      el.store.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
      el.store.setVoiceSettings(VOICE);
      el.store.putCall(
        call({ id: 'c1', state: 'connected', answeredAt: new Date().toISOString(), lookupStatus: 'not_found' }),
      );
      const softphone = child<SoftphonePanel>(el, 'ad-softphone-panel');
      const pop = child<ScreenPopPanel>(el, 'ad-screen-pop-panel');
      await softphone.updateComplete;
      await pop.updateComplete;
      const header = child(el, 'header').getBoundingClientRect();
      const phone = softphone.getBoundingClientRect();
      const popBox = pop.getBoundingClientRect();
      const inbox = child(el, 'ad-conversation-inbox').getBoundingClientRect();
      expect(phone.top, `${width}px`).to.be.closeTo(header.bottom, 1);
      expect(phone.width).to.be.closeTo(header.width, 1);
      expect(popBox.top).to.be.at.least(phone.bottom - 1);
      expect(popBox.bottom).to.be.at.most(inbox.top + 1);
      expect(popBox.width).to.be.closeTo(header.width, 1);
      expect(popBox.height)
        .to.be.above(0)
        .and.at.most(el.getBoundingClientRect().height * 0.45 + 1); // it scrolls beyond
      await expect(el).to.be.accessible();
      el.remove(); // one desktop (one banner landmark) on the page at a time
    }
  });

  it('passes record-url-template to the screen pop', async () => {
    const el = await fixture<AgentDesktop>(
      html`<ad-desktop no-cache record-url-template="https://crm.example.com/{entityName}/{id}"></ad-desktop>`,
    );
    expect(child<ScreenPopPanel>(el, 'ad-screen-pop-panel').recordUrlTemplate).to.equal(
      'https://crm.example.com/{entityName}/{id}',
    );
  });

  describe('with the real hub', () => {
    let org: TestOrganisation;
    let hubUrl: string;
    let token: string;

    beforeEach(async () => {
      org = await realHub.organisation();
      hubUrl = await realHub.url();
      token = await org.token('alice');
    });

    afterEach(() => realHub.restore());

    async function desktop(heard: string[] = []): Promise<AgentDesktop> {
      const el = await liveDesktop(
        hubUrl,
        token,
        (state) => state.voice !== null,
        {},
        {
          'record-url-template': 'https://crm.example.com/main.aspx?etn={entityName}&id={id}&pagetype=entityrecord',
        },
      );
      el.addEventListener('ad-call-offered', (e) => heard.push(`offered ${e.detail.state}`));
      el.addEventListener('ad-call-answered', (e) => heard.push(`answered ${e.detail.state}`));
      el.addEventListener('ad-call-ended', (e) => heard.push(`ended ${e.detail.state}`));
      return el;
    }

    it('a seeded customer rings; Answer shows their case; Open record asks the host; Hang up, wrap-up, done', async () => {
      const heard: string[] = [];
      const el = await desktop(heard);
      const softphone = child<SoftphonePanel>(el, 'ad-softphone-panel');
      const pop = child<ScreenPopPanel>(el, 'ad-screen-pop-panel');

      const { call: offered } = await org.call(SEEDED_CALLERS.jane);
      await waitUntil(() => softphone.shadowRoot!.querySelector('.base.offered'), 'the softphone rings', {
        timeout: 5000,
      });
      expect(text(softphone.shadowRoot!.querySelector('[part~="caller"]'))).to.equal('Jane Doe +15551234567');
      expect(heard).to.deep.equal(['offered offered']);
      expect(pop.shadowRoot!.querySelector('[part~="base"]')).to.equal(null); // nothing before the answer

      button(softphone, 'Answer').click();
      await waitUntil(() => pop.shadowRoot!.querySelector('[part~="case"]'), 'the screen pop', { timeout: 5000 });
      expect(text(pop.shadowRoot!.querySelector('[part~="case"]'))).to.equal(
        'Latest case Parcel delayed in transit CAS-01042 Active Open record',
      );
      expect(heard).to.deep.equal(['offered offered', 'answered connected']);
      await expect(el).to.be.accessible();

      const opened: RecordOpenDetail[] = [];
      const open = sinon.stub(window, 'open');
      el.addEventListener('ad-record-open', (e) => {
        opened.push(e.detail);
        e.preventDefault(); // the host opens it in its own pane
      });
      button(pop, 'Open record').click();
      const incidentId = el.store.getState().calls.get(offered.id)!.customer!.latestCase!.incidentId;
      expect(opened).to.deep.equal([
        {
          entityName: 'incident',
          id: incidentId,
          url: `https://crm.example.com/main.aspx?etn=incident&id=${incidentId}&pagetype=entityrecord`,
        },
      ]);
      expect(open.called).to.equal(false);

      button(softphone, 'Hold').click();
      await waitUntil(() => el.store.getState().calls.get(offered.id)?.state === 'on_hold', 'held', { timeout: 5000 });
      button(softphone, 'Resume').click();
      await waitUntil(() => el.store.getState().calls.get(offered.id)?.state === 'connected', 'resumed', {
        timeout: 5000,
      });
      button(softphone, 'Hang up').click();
      await waitUntil(() => softphone.shadowRoot!.querySelector('[part~="wrap-up"]'), 'wrap-up', { timeout: 5000 });
      expect(heard.at(-1)).to.equal('ended wrap_up');
      expect(pop.shadowRoot!.querySelector('[part~="case"]')).to.not.equal(null); // still there for the notes

      const phone = new SoftphoneHarness(softphone);
      await phone.wrapUp!.updateComplete;
      phone.wrapUpPart<HTMLTextAreaElement>('notes').focus();
      await sendKeys({ type: 'Re-sent the parcel' });
      const select = phone.wrapUpPart<HTMLSelectElement>('disposition');
      select.value = 'resolved';
      select.dispatchEvent(new Event('change'));
      await phone.wrapUp!.updateComplete;
      button(phone.wrapUp!, 'Complete wrap-up').click();
      await waitUntil(() => el.store.getState().calls.size === 0, 'the call over', { timeout: 5000 });
      await softphone.updateComplete;
      expect(softphone.shadowRoot!.querySelector('.base:not(.idle)')).to.equal(null);
      expect(heard).to.deep.equal(['offered offered', 'answered connected', 'ended wrap_up']);
    });

    it('an unknown caller: the New case form creates the case in the CRM and shows it', async () => {
      const el = await desktop();
      const softphone = child<SoftphonePanel>(el, 'ad-softphone-panel');
      const pop = child<ScreenPopPanel>(el, 'ad-screen-pop-panel');
      const number = unknownCaller();
      await org.call(number);
      await waitUntil(() => softphone.shadowRoot!.querySelector('.base.offered'), 'the softphone rings', {
        timeout: 5000,
      });
      button(softphone, 'Answer').click();
      await waitUntil(() => pop.shadowRoot!.querySelector('form'), 'the New case form', { timeout: 5000 });
      const form = pop.shadowRoot!.querySelector('form')!;
      expect(text(pop.shadowRoot!.getElementById(form.getAttribute('aria-labelledby')!))).to.equal('New case');
      pop.shadowRoot!.querySelector<HTMLInputElement>('#case-title')!.focus();
      await sendKeys({ type: 'Damaged parcel' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'The box arrived crushed.' });
      button(pop, 'Create case').click();
      await waitUntil(() => pop.shadowRoot!.querySelector('[part~="case"]'), 'the new case', { timeout: 5000 });
      expect(text(pop.shadowRoot!.querySelector('[part~="case"]'))).to.match(
        /^Latest case Damaged parcel CAS-\d+ Active Open record$/,
      );
      const crm = await realHub.crm();
      const incident = crm.incidents.find(
        (i) => i.title === 'Damaged parcel' && i.description === 'The box arrived crushed.',
      )!;
      expect(crm.contacts.find((c) => c.contactid === incident._customerid_value)!.mobilephone).to.equal(number);
      await expect(el).to.be.accessible();
    });
  });
});
