// Caller numbers as platforms and people write them, normalised to what the CRM is searched by.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseAni, phoneSpellings } from '../../../src/hub/crm/ani-normalisation.js';

describe('normaliseAni', () => {
  const northAmerica: Array<[label: string, ani: string, digits: string]> = [
    ['E.164', '+15551234567', '5551234567'],
    ['E.164 with spaces', '+1 555 123 4567', '5551234567'],
    ['national with brackets and dash', '(555) 123-4567', '5551234567'],
    ['national, digits only', '5551234567', '5551234567'],
    ['country code without "+"', '15551234567', '5551234567'],
    ['dots', '555.123.4567', '5551234567'],
    ['dashes with the country code', '1-555-123-4567', '5551234567'],
    ['slashes and a non-breaking space', '+1 555/123\u00a04567', '5551234567'],
    ['padding around it', '  +1 (555) 123-4567  ', '5551234567'],
    ['tel: URI', 'tel:+1-555-123-4567', '5551234567'],
    ['SIP URI', 'sip:+15551234567@pstn.example.com;user=phone', '5551234567'],
    ['"+" turned into a space by a query string', ' 15551234567', '5551234567'],
    ["North America's international prefix", '01115551234567', '5551234567'],
  ];
  for (const [label, ani, digits] of northAmerica) {
    it(`${label}: ${JSON.stringify(ani)} → ${digits}`, () => {
      assert.deepEqual(normaliseAni(ani, '1'), { digits, international: false, e164: '+15551234567' });
    });
  }

  it('keeps another country’s number whole, with its country code, flagged international', () => {
    assert.deepEqual(normaliseAni('+44 20 7946 0958', '1'), {
      digits: '442079460958',
      international: true,
      e164: '+442079460958',
    });
    assert.deepEqual(normaliseAni('0044 20 7946 0958', '1'), {
      digits: '442079460958',
      international: true,
      e164: '+442079460958',
    });
  });

  it('strips another configured country code and the national trunk prefix', () => {
    const uk = { digits: '2079460958', international: false, e164: '+442079460958' };
    assert.deepEqual(normaliseAni('+44 20 7946 0958', '44'), uk);
    assert.deepEqual(normaliseAni('020 7946 0958', '44'), uk);
    assert.deepEqual(normaliseAni('442079460958', '44'), uk);
    assert.deepEqual(normaliseAni('+1 555 123 4567', '44'), {
      digits: '15551234567',
      international: true,
      e164: '+15551234567',
    });
  });

  const unknown: Array<[label: string, ani: string | null | undefined]> = [
    ['empty', ''],
    ['blank', '   '],
    ['missing', undefined],
    ['null', null],
    ['withheld', 'anonymous'],
    ['restricted', 'Restricted'],
    ['only a "+"', '+'],
    ['letters among digits', '+1555CALLNOW'],
    ['an extension, too short', '4567'],
    ['too long for E.164', '+1234567890123456'],
    ['a SIP user name', 'sip:alice@example.com'],
  ];
  for (const [label, ani] of unknown) {
    it(`${label} (${JSON.stringify(ani)}) → unknown`, () => {
      assert.equal(normaliseAni(ani, '1'), null);
    });
  }
});

describe('phoneSpellings', () => {
  it('covers how North American numbers are written in CRM phone fields', () => {
    const spellings = phoneSpellings(normaliseAni('+15551234567', '1')!, '1');
    for (const written of [
      '5551234567',
      '15551234567',
      '+15551234567',
      '(555) 123-4567',
      '555-123-4567',
      '555.123.4567',
      '+1 (555) 123-4567',
      '+1 555 123 4567',
    ]) {
      assert.ok(spellings.includes(written), `${written} is searched for`);
    }
    assert.equal(new Set(spellings).size, spellings.length, 'each spelling once');
  });

  it('searches another country’s number with "+", "00" and digits only', () => {
    assert.deepEqual(phoneSpellings(normaliseAni('+44 20 7946 0958', '1')!, '1'), [
      '+442079460958',
      '442079460958',
      '00442079460958',
    ]);
  });

  it('adds the trunk prefix outside North America', () => {
    assert.ok(phoneSpellings(normaliseAni('+44 20 7946 0958', '44')!, '44').includes('02079460958'));
  });
});
