import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { acceptRoundResult } from './accept-round';
import { readItemDetails } from './item-details';
import { readEstimateHistory, type EstimateRecord } from './estimation';
import { createItem, setEstimate } from './mutations';
import { getItemMap, listItems } from './schema';

const record = (target: EstimateRecord['target']): EstimateRecord => ({
  roundId: 'r1',
  number: 1,
  revealedAt: 1000,
  deck: 'fibonacci',
  target,
  votes: [{ name: 'Pat', vote: '8' }],
  average: 8,
  median: 8,
  mode: ['8'],
  consensus: true,
  accepted: { label: '8', value: 8 },
  acceptedAt: 2000,
});

function itemWithEstimate() {
  const doc = new Y.Doc();
  const id = createItem(doc, { title: 'Checkout', kind: 'story', position: { at: 'top' } });
  setEstimate(doc, id, { value: 3, label: null });
  return { doc, id };
}

describe('acceptRoundResult: an accepted round writes its target', () => {
  it('a WSJF round writes that input and its history in one update, and leaves the estimate alone', () => {
    const { doc, id } = itemWithEstimate();
    let updates = 0;
    doc.on('update', () => updates++);
    acceptRoundResult(
      doc,
      id,
      { target: 'businessValue', estimate: { value: 8, label: null }, records: [record('businessValue')] },
      'server',
    );
    assert.equal(updates, 1);
    assert.deepEqual(readItemDetails(getItemMap(doc, id)!).wsjf, {
      businessValue: 8,
      timeCriticality: null,
      riskReduction: null,
      jobSize: null,
    });
    assert.equal(listItems(doc)[0].estimate, 3);
    assert.deepEqual(
      readEstimateHistory(doc, id).map((r) => r.target),
      ['businessValue'],
    );
  });

  it('an estimate round writes the estimate', () => {
    const { doc, id } = itemWithEstimate();
    acceptRoundResult(doc, id, { target: 'estimate', estimate: { value: 8, label: null }, records: [record('estimate')] });
    assert.equal(listItems(doc)[0].estimate, 8);
    assert.equal(readItemDetails(getItemMap(doc, id)!).wsjf.businessValue, null);
  });

  it('refuses a card without points for a WSJF input, writing nothing', () => {
    const { doc, id } = itemWithEstimate();
    assert.throws(
      () => acceptRoundResult(doc, id, { target: 'jobSize', estimate: { value: null, label: '?' }, records: [record('jobSize')] }),
      /needs a card with points/,
    );
    assert.equal(readItemDetails(getItemMap(doc, id)!).wsjf.jobSize, null);
    assert.equal(readEstimateHistory(doc, id).length, 0);
  });
});
