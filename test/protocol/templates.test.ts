import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseLocalization,
  contentVariables,
  fillTemplate,
  placeholdersIn,
  type MessageTemplate,
} from '../../src/protocol/templates.js';

const template: MessageTemplate = {
  name: 'delivery_update',
  channels: ['whatsapp'],
  defaultLanguage: 'en',
  localizations: [
    { language: 'en', text: 'Hi {{CustomerName}}, {{CaseName}} arrives {{Day}}.' },
    { language: 'fr-FR', text: 'Bonjour {{CustomerName}}, {{CaseName}} arrive {{Day}}.' },
    { language: 'pt-BR', text: 'Olá {{CustomerName}}' },
    { language: 'pt', text: 'Olá {{CustomerName}} (pt)' },
  ],
};

describe('templates', () => {
  it('finds named and numbered placeholders once each, in order, tolerating spaces', () => {
    assert.deepEqual(placeholdersIn('{{ 2 }} then {{Name}} then {{2}} and {{1}}'), ['2', 'Name', '1']);
    assert.deepEqual(placeholdersIn('no placeholders {here}'), []);
  });

  it('fills every placeholder and names the missing or blank ones', () => {
    assert.deepEqual(
      fillTemplate('Hi {{CustomerName}}, {{CaseName}}.', { CustomerName: ' Jane ', CaseName: 'CAS-1' }),
      { text: 'Hi Jane, CAS-1.', missing: [] },
    );
    assert.deepEqual(fillTemplate('Hi {{CustomerName}}, {{CaseName}}.', { CustomerName: 'Jane', CaseName: '  ' }), {
      text: 'Hi Jane, {{CaseName}}.',
      missing: ['CaseName'],
    });
    assert.deepEqual(fillTemplate('{{1}} and {{2}}', {}).missing, ['1', '2']);
  });

  it('picks the exact locale, then the same language, then the default language', () => {
    assert.equal(chooseLocalization(template, 'fr-FR').language, 'fr-FR');
    assert.equal(chooseLocalization(template, 'fr-CA').language, 'fr-FR', 'same language, other region');
    assert.equal(chooseLocalization(template, 'FR').language, 'fr-FR', 'case does not matter');
    assert.equal(chooseLocalization(template, 'pt-BR').language, 'pt-BR');
    assert.equal(chooseLocalization(template, 'pt-PT').language, 'pt-BR', 'the first of the same language');
    assert.equal(chooseLocalization(template, 'de-DE').language, 'en', 'falls back to the default language');
    assert.equal(chooseLocalization(template, null).language, 'en');
  });

  it("numbers Twilio's ContentVariables: numbered keep theirs, named in order of appearance", () => {
    assert.deepEqual(
      contentVariables('Hi {{CustomerName}}, {{CaseName}} arrives {{Day}}.', {
        CustomerName: 'Jane',
        CaseName: 'CAS-1',
        Day: ' Friday ',
      }),
      {
        1: 'Jane',
        2: 'CAS-1',
        3: 'Friday',
      },
    );
    assert.deepEqual(contentVariables('{{2}} before {{1}}', { 1: 'a', 2: 'b' }), { 1: 'a', 2: 'b' });
  });
});
