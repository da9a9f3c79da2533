import { expect } from '@open-wc/testing';
import type { MessageTemplate } from '../../../src/protocol/templates.js';
import {
  contextValue,
  languageLabel,
  matchTemplates,
  placeholderLabel,
  prefillValues,
} from '../../../src/widget/format/template-values.js';

const delivery: MessageTemplate = {
  name: 'delivery_update',
  channels: ['whatsapp', 'sms'],
  defaultLanguage: 'en',
  localizations: [
    { language: 'en', text: 'Hi {{CustomerName}}, about {{CaseName}}: it arrives {{DeliveryDay}}.' },
    { language: 'fr', text: 'Bonjour {{CustomerName}}, votre colis arrive {{DeliveryDay}} ({{Extra}}).' },
  ],
};
const followUp: MessageTemplate = {
  name: 'follow_up',
  channels: ['whatsapp'],
  defaultLanguage: 'en',
  localizations: [{ language: 'en', text: 'Hi {{1}}, we tried to reach you about {{2}}.' }],
};

describe('template values', () => {
  it('takes values from the CRM context by name, and the customer name from the conversation', () => {
    const crm = { CustomerName: ' Jane Doe ', CaseName: 'CAS-01042', Blank: '  ' };
    expect(contextValue('CustomerName', crm, { customerName: 'Someone else' })).to.equal('Jane Doe');
    expect(contextValue('CustomerName', {}, { customerName: 'Ada Lovelace' })).to.equal('Ada Lovelace');
    expect(contextValue('CaseName', crm, null)).to.equal('CAS-01042');
    expect(contextValue('Blank', crm, null)).to.equal('');
    expect(contextValue('1', crm, null)).to.equal('');
  });

  it('prefills every placeholder of every language', () => {
    expect(prefillValues(delivery, { CaseName: 'CAS-1' }, { customerName: 'Ada' })).to.deep.equal({
      CustomerName: 'Ada',
      CaseName: 'CAS-1',
      DeliveryDay: '',
      Extra: '',
    });
  });

  it('labels fields for people', () => {
    expect(placeholderLabel('CustomerName')).to.equal('Customer name');
    expect(placeholderLabel('delivery_day')).to.equal('Delivery day');
    expect(placeholderLabel('2')).to.equal('Value 2');
    expect(languageLabel('fr-FR')).to.equal('French (France) — fr-FR');
    expect(languageLabel('not a tag!')).to.equal('not a tag!');
  });

  it('finds templates by name or any text, every word, ignoring case and accents', () => {
    const all = [delivery, followUp];
    expect(matchTemplates(all, '').map((t) => t.name)).to.deep.equal(['delivery_update', 'follow_up']);
    expect(matchTemplates(all, 'FOLLOW').map((t) => t.name)).to.deep.equal(['follow_up']);
    expect(matchTemplates(all, 'delivery update').map((t) => t.name)).to.deep.equal(['delivery_update']);
    expect(matchTemplates(all, 'colís').map((t) => t.name)).to.deep.equal(['delivery_update']);
    expect(matchTemplates(all, 'reach hi').map((t) => t.name)).to.deep.equal(['follow_up']);
    expect(matchTemplates(all, 'nothing like it')).to.deep.equal([]);
  });
});
