/**
 * A richly populated board for the export and backup tests, written with the board's own
 * mutations: tracker keys and labels, a split story with no key yet, every kind of detail and
 * entry, estimate history, roadmap, DoR, settings, a parked and a trimmed item. Works on a
 * local doc and on a Yjs client's doc alike (the meta must exist: initBoardDoc or the server).
 */
import type * as Y from 'yjs';
import { addDorCriterion, removeDorCriterion, setDorTick } from '../../lib/board/dor';
import { acceptEstimate } from '../../lib/board/estimation';
import { setFitsVision, setItemText, setMoscow, setValueHypothesis, setWsjfInputs } from '../../lib/board/item-details';
import {
  addAction,
  addAttachment,
  addDecision,
  addDependency,
  addQuestion,
  answerQuestion,
  updateAction,
} from '../../lib/board/item-entries';
import { createItem, parkItem, setDescription, setEstimate, trimItems } from '../../lib/board/mutations';
import { addRelease, addRoadmapEntry, setRelease, setServes } from '../../lib/board/roadmap';
import { getItemMap, type ItemKind } from '../../lib/board/schema';
import { splitItem } from '../../lib/refinement/split';
import { ensureVisionText, setPrioritizationMethod, setSprintsToPrepare, setVelocity, setVisionShown } from '../../lib/board/settings';
import { setTrackerLink, writeImportedSnapshot } from '../../lib/board/tracker';
import { markTrimDiscussion, recordTrimDecision } from '../../lib/board/trim-outcomes';
import { writeEstimationSettings } from '../../lib/board/estimation';

export interface SampleBoard {
  epic: string;
  saved: string;
  refund: string;
  /** A story split from `saved` on the board: no tracker key yet. */
  consent: string;
  sized: string;
  parked: string;
  trimmed: string;
}

export function populateSampleBoard(doc: Y.Doc): SampleBoard {
  ensureVisionText(doc).insert(0, 'Buyers check out in one click.\nNo card typed twice.');
  setVelocity(doc, 20);
  setSprintsToPrepare(doc, 3);
  setPrioritizationMethod(doc, 'wsjf');
  setVisionShown(doc, true);
  writeEstimationSettings(doc, { deck: { kind: 'custom', custom: ['1', '2', '3', '5', '8', '?'] }, autoReveal: true, sprintThreshold: 8 });
  const release = addRelease(doc, { name: 'R1', date: '2027-01-15', goal: 'Saved cards live' });
  const pain = addRoadmapEntry(doc, 'pain', 'Typing the card again');
  addRoadmapEntry(doc, 'gain', 'Checkout under 10 s');
  const designReviewed = addDorCriterion(doc, 'Design reviewed', 'manual');
  removeDorCriterion(doc, 'fits');

  const add = (title: string, kind: ItemKind, key: string, labels: string[] = [], parentId: string | null = null) => {
    const id = createItem(doc, { title, kind, parentId, position: { at: 'bottom' }, createdBy: 'Fay' });
    setTrackerLink(doc, id, { externalKey: key, externalUrl: `https://acme.atlassian.net/browse/${key}`, labels });
    return id;
  };
  const epic = add('Saved cards', 'epic', 'SHOP-1', ['payments']);
  const saved = add('Pay with a saved card', 'story', 'SHOP-2', ['payments', 'checkout'], epic);
  const refund = add('Refund to a saved card', 'story', 'SHOP-3', ['refunds'], epic);
  const sized = add('Card scanning with the camera', 'spike', 'SHOP-7');
  const parked = add('Pay with crypto', 'story', 'SHOP-9');
  const trimmed = add('Pay by cheque', 'bug', 'SHOP-10', ['legacy']);
  const [consent] = splitItem(doc, saved, ['Ask consent before saving a card'], { createdBy: 'Fay' });
  setTrackerLink(doc, consent, { labels: ['gdpr'] });
  setDescription(doc, saved, 'As a returning buyer I want to pay with a saved card.\n\nAcceptance criteria: one click.');
  setEstimate(doc, refund, { value: 3, label: null });
  setEstimate(doc, consent, { value: 2, label: null });
  setEstimate(doc, sized, { value: 8, label: 'M' });
  acceptEstimate(doc, saved, {
    estimate: { value: 5, label: null },
    records: [
      {
        roundId: 'round-1',
        number: 1,
        revealedAt: 1_700_000_000_000,
        deck: 'custom',
        target: 'estimate',
        votes: [
          { name: 'Ann', vote: '5' },
          { name: 'Bo', vote: '8' },
        ],
        average: 6.5,
        median: 6.5,
        mode: ['5', '8'],
        consensus: false,
        accepted: { label: '5', value: 5 },
        acceptedAt: 1_700_000_100_000,
      },
    ],
  });
  setWsjfInputs(doc, saved, { businessValue: 8, timeCriticality: 5, riskReduction: 2 });
  setWsjfInputs(doc, epic, { businessValue: 13, timeCriticality: 8 });
  setValueHypothesis(doc, saved, { believe: 'saved cards', resultIn: 'more repeat orders', knowWhen: 'repeat orders +10%' });
  setItemText(doc, saved, 'acceptanceCriteria', 'Given a saved card\nWhen I pay\nThen no card form is shown');
  setItemText(doc, saved, 'notes', 'Ask legal about storage.');
  setFitsVision(doc, saved, 'yes');
  setMoscow(doc, saved, 'must');
  setRelease(doc, saved, release);
  setServes(doc, saved, pain, true);
  setDorTick(doc, saved, designReviewed, true);
  setDorTick(doc, saved, 'deps', true);
  addQuestion(doc, saved, 'Which card networks?', 'Ann');
  const answered = addQuestion(doc, saved, 'Do we need 3-D Secure?', 'Bo');
  answerQuestion(doc, saved, answered, 'Yes, for EU cards');
  addAction(doc, saved, { text: 'Check PCI scope', owner: 'Cy', due: '2026-12-10' });
  const done = addAction(doc, saved, { text: 'Draft the consent text', owner: null });
  updateAction(doc, saved, done, { done: true });
  addAttachment(doc, saved, { kind: 'link', url: 'https://example.com/flows', title: 'Flows' });
  addAttachment(doc, saved, {
    kind: 'image',
    url: '/api/boards/abcdef123/attachments/0123456789abcdef01234567.png',
    contentType: 'image/png',
  });
  addDecision(doc, saved, 'Tokens only, no card numbers', 'Ann');
  addDependency(doc, saved, { kind: 'item', itemId: refund });
  addDependency(doc, saved, { kind: 'external', name: 'Payments team', status: 'agreed' });
  addDependency(doc, consent, { kind: 'item', itemId: saved });
  writeImportedSnapshot(
    getItemMap(doc, refund)!,
    JSON.stringify({ title: 'Refund to a saved card', estimate: 3, labels: ['refunds'], parentKey: 'SHOP-1' }),
  );
  markTrimDiscussion(doc, sized, { proposalId: 'p1', objectedBy: 'Bo', reason: 'still needed', at: 1_700_000_200_000 });

  parkItem(doc, parked, 'Not this year');
  parkItem(doc, trimmed, 'Nobody pays by cheque');
  trimItems(doc, [trimmed]);
  recordTrimDecision(doc, trimmed, {
    proposalId: 'p2',
    proposedBy: 'Fay',
    confirmedBy: [{ name: 'Bo', at: 1_700_000_300_000 }],
    decidedAt: 1_700_000_300_001,
  });
  return { epic, saved, refund, consent, sized, parked, trimmed };
}
