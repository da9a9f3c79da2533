import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSms, characterCount } from '../../src/protocol/sms-segments.js';

describe('analyzeSms', () => {
  it('counts plain GSM-7 text: 160 fit in one segment, 161 need two of 153', () => {
    assert.deepEqual(analyzeSms('a'.repeat(160)), {
      encoding: 'GSM-7',
      characters: 160,
      units: 160,
      segments: 1,
      unitsPerSegment: 160,
    });
    assert.deepEqual(analyzeSms('a'.repeat(161)), {
      encoding: 'GSM-7',
      characters: 161,
      units: 161,
      segments: 2,
      unitsPerSegment: 153,
    });
    assert.equal(analyzeSms('a'.repeat(306)).segments, 2);
    assert.equal(analyzeSms('a'.repeat(307)).segments, 3);
  });

  it('is empty for empty text', () => {
    assert.deepEqual(analyzeSms(''), { encoding: 'GSM-7', characters: 0, units: 0, segments: 0, unitsPerSegment: 160 });
  });

  it('charges two septets for extension characters and never splits them across parts', () => {
    const euro = analyzeSms('€'.repeat(80));
    assert.equal(euro.encoding, 'GSM-7');
    assert.equal(euro.units, 160);
    assert.equal(euro.segments, 1);
    // 152 plain septets then "[": 154 septets > 153, so "[" starts part two; 161 "a" worth of units overall
    const split = analyzeSms('a'.repeat(152) + '[' + 'a'.repeat(10));
    assert.equal(split.units, 164);
    assert.equal(split.segments, 2);
    const boundary = analyzeSms('a'.repeat(152) + '{' + 'a'.repeat(152));
    assert.equal(boundary.units, 306);
    assert.equal(
      boundary.segments,
      3,
      'the brace cannot straddle parts one and two, pushing the tail into a third part',
    );
  });

  it('knows GSM-7 accented letters and Greek capitals', () => {
    assert.equal(analyzeSms('Ça coûte 5€ à Zürich, ΩΣ').encoding, 'UCS-2', 'û is not in GSM-7');
    assert.equal(analyzeSms('Ça va à Zürich? Ñ ΩΣ £5 §').encoding, 'GSM-7');
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7: 70 single, 67 per part', () => {
    const one = analyzeSms('ж' + 'a'.repeat(69));
    assert.deepEqual(one, { encoding: 'UCS-2', characters: 70, units: 70, segments: 1, unitsPerSegment: 70 });
    const two = analyzeSms('ж' + 'a'.repeat(70));
    assert.deepEqual(two, { encoding: 'UCS-2', characters: 71, units: 71, segments: 2, unitsPerSegment: 67 });
  });

  it('counts an emoji as two UTF-16 units and one character, never split across parts', () => {
    const emoji = analyzeSms('😀');
    assert.equal(emoji.encoding, 'UCS-2');
    assert.equal(emoji.characters, 1);
    assert.equal(emoji.units, 2);
    // 66 units then an emoji (2 units): 68 > 67, so the emoji opens part two
    const split = analyzeSms('a'.repeat(66) + '😀' + 'a'.repeat(3));
    assert.equal(split.units, 71);
    assert.equal(split.segments, 2);
    assert.equal(analyzeSms('😀'.repeat(35)).segments, 1);
    assert.equal(analyzeSms('😀'.repeat(36)).segments, 2);
  });

  it('counts characters as code points for the 1600 limit', () => {
    assert.equal(characterCount('😀a'), 2);
    assert.equal(characterCount('a'.repeat(1600)), 1600);
  });
});
