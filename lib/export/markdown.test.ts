import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { populateSampleBoard } from '../../test/helpers/sample-board';
import { addAction } from '../board/item-entries';
import { createItem } from '../board/mutations';
import { initBoardDoc } from '../board/schema';
import { setTrackerLink } from '../board/tracker';
import { exportMarkdown } from './markdown';

function sample() {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'Checkout backlog' });
  populateSampleBoard(doc);
  return exportMarkdown(doc, { now: Date.UTC(2026, 10, 29, 9, 30) });
}

describe('Markdown export', () => {
  it('lists the backlog ranked, with estimates, readiness, hypothesis, open questions, actions and tracker links', () => {
    const md = sample();
    assert.match(md, /^# Checkout backlog\n\nBacklog exported 2026-11-29 09:30 UTC · 5 items, 18 points · 0 Ready · 1 parked\n/);
    assert.match(md, /## Vision\n\n> Buyers check out in one click\.\n> No card typed twice\./);
    const headings = [...md.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, [
      '1. Saved cards',
      '2. Pay with a saved card',
      '3. Ask consent before saving a card',
      '4. Refund to a saved card',
      '5. Card scanning with the camera',
    ]);
    const saved = md.slice(md.indexOf('### 2.'), md.indexOf('### 3.'));
    assert.match(saved, /\*\*Estimate:\*\* 5 points/);
    assert.match(saved, /\*\*Ready:\*\* no \(6\/7; missing: No open questions \(1 open question\)\)/);
    assert.match(saved, /\*\*Tracker:\*\* \[SHOP-2\]\(https:\/\/acme\.atlassian\.net\/browse\/SHOP-2\)/);
    assert.match(saved, /\*\*Parent:\*\* Saved cards \(SHOP-1\)/);
    assert.match(saved, /We believe saved cards will result in more repeat orders\. We know we have succeeded when repeat orders \+10%\./);
    assert.match(saved, /- \*\*Open questions:\*\*\n {2}- Which card networks\?\n/);
    assert.doesNotMatch(saved, /3-D Secure/, 'answered questions are not open');
    assert.match(saved, / {2}- \[ \] Check PCI scope — Cy \(due 2026-12-10\)\n {2}- \[x\] Draft the consent text — no owner/);
    assert.match(md, /\*\*Estimate:\*\* M \(8 points\)/);
    assert.match(
      md,
      /## Parked in the tail\n\n- \*\*Pay with crypto\*\* \(\[SHOP-9\]\(https:\/\/acme\.atlassian\.net\/browse\/SHOP-9\)\): Not this year\n$/,
    );
    assert.doesNotMatch(md, /cheque/, 'trimmed items are left out');
  });

  it('escapes user text: no links, HTML or headings from titles, owners or keys', () => {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: '<script>alert(1)</script>' });
    const id = createItem(doc, {
      title: '[click](javascript:alert(1)) # <img src=x onerror=alert(1)>',
      kind: 'story',
      position: { at: 'top' },
    });
    setTrackerLink(doc, id, { externalKey: '[X](javascript:1)' });
    addAction(doc, id, { text: '*bold*', owner: '<b>Eve</b>' });
    const md = exportMarkdown(doc);
    assert.doesNotMatch(md, /(?<!\\)<(script|img|b)|(?<!\\)\]\(javascript/, 'nothing unescaped');
    assert.match(md, /\\\[click\\\]\(javascript:alert\(1\)\) # \\<img/);
    assert.match(md, /\\\*bold\\\* — \\<b\\>Eve\\<\/b\\>/);
  });
});
