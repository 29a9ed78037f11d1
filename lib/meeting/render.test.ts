import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SUMMARY_JSON_FORMAT, escapeMarkdown, renderSummaryJson, renderSummaryMarkdown, summaryFileName } from './render';
import type { MeetingSummary } from './summary';
import { formatDateTime, formatDuration } from './time-text';

const T0 = Date.UTC(2025, 2, 4, 9, 0);
const runway = (points: number) => ({
  readyPoints: points,
  readyCount: 2,
  targetPoints: 40,
  sprintsCovered: points / 20,
  text: `Ready runway: ${points} of 40 points`,
});

function summary(overrides: Partial<MeetingSummary> = {}): MeetingSummary {
  return {
    version: 1,
    meetingId: 'm1',
    boardTitle: 'Team *Shop*',
    startedAt: T0,
    endedAt: T0 + 62 * 60_000,
    durationMs: 62 * 60_000,
    startedBy: 'Fay',
    attendees: [
      { name: 'Fay', role: 'facilitator' },
      { name: 'Ann', role: 'participant' },
      { name: 'Projector', role: 'spectator' },
    ],
    created: [{ id: 'w', title: 'Wishlist', kind: 'story', zone: 'backlog', estimate: '2' }],
    splits: [
      {
        parent: { id: 'c', title: 'Checkout' },
        children: [
          { id: 'c1', title: 'Pay by card' },
          { id: 'c2', title: 'Pay by invoice' },
        ],
      },
    ],
    parked: [{ id: 'l', title: 'Legacy', reason: 'unused' }],
    trimmed: [{ id: 'o', title: 'Old banner' }],
    restored: [{ id: 'r', title: 'Dark mode', from: 'tail' }],
    removed: [],
    estimates: [
      { id: 'cart', title: 'Cart', from: '3', to: '5' },
      { id: 'w', title: 'Wishlist', from: null, to: '2' },
    ],
    topN: 10,
    rankMoves: [
      { id: 's', title: 'Search', from: 4, to: 1 },
      { id: 'w', title: 'Wishlist', from: null, to: 7 },
    ],
    actions: [{ item: { id: 'w', title: 'Wishlist' }, text: 'Sketch the UI', owner: 'Ann', due: '2025-03-10', done: false, isNew: true }],
    openQuestions: [{ item: { id: 's', title: 'Search' }, text: 'Fuzzy matching?', isNew: true }],
    answeredQuestions: [],
    runway: { start: runway(8), end: runway(28) },
    stages: [
      {
        id: 'vision',
        kind: 'vision',
        title: 'Vision',
        plannedMinutes: 3,
        spentMs: 5 * 60_000,
        overrunMs: 2 * 60_000,
        visits: 1,
        skipped: false,
        dropped: false,
      },
      {
        id: 'roadmap',
        kind: 'roadmap',
        title: 'Roadmap',
        plannedMinutes: 5,
        spentMs: 0,
        overrunMs: 0,
        visits: 0,
        skipped: true,
        dropped: false,
      },
    ],
    ...overrides,
  };
}

describe('renderSummaryMarkdown', () => {
  const md = renderSummaryMarkdown(summary());

  it('has a title with the escaped board name, the date and the duration', () => {
    assert.match(md, /^# Refinement meeting: Team \\\*Shop\\\*\n/);
    assert.match(md, /2025-03-04 09:00–10:02 UTC · 1:02:00 · facilitated by Fay/);
  });

  it('lists attendees, runway, and every kind of change', () => {
    assert.match(md, /## Attendees \(3\)\n\n- Fay \(facilitator\)\n- Ann \(participant\)\n- Projector \(projector\)/);
    assert.match(md, /- At the start: Ready runway: 8 of 40 points\n- At the end: Ready runway: 28 of 40 points/);
    assert.match(md, /## Items created \(1\)\n\n- \*\*Wishlist\*\* \(story, 2 points\)/);
    assert.match(md, /- \*\*Checkout\*\* → Pay by card; Pay by invoice/);
    assert.match(md, /## Parked in the tail \(1\)\n\n- \*\*Legacy\*\*: unused/);
    assert.match(md, /## Trimmed \(1\)\n\n- \*\*Old banner\*\*/);
    assert.match(md, /- \*\*Dark mode\*\* \(from the tail\)/);
    assert.match(md, /- \*\*Cart\*\*: 3 → 5/);
    assert.match(md, /- \*\*Wishlist\*\*: — → 2 \(new\)/);
    assert.match(md, /- \*\*Search\*\*: #4 → #1 \(↑3\)/);
    assert.match(md, /- \*\*Wishlist\*\*: new to the backlog → #7/);
    assert.match(md, /- \[ \] Sketch the UI — owner: Ann, due 2025-03-10 \(on \*\*Wishlist\*\*, new\)/);
    assert.match(md, /- Fuzzy matching\? \(on \*\*Search\*\*, new\)/);
    assert.doesNotMatch(md, /Removed for good/, 'empty sections are left out');
  });

  it('ends with a time-per-stage table with overruns and skips', () => {
    assert.match(md, /\| Vision \| 3 min \| 5:00 \| over by 2:00 \|/);
    assert.match(md, /\| Roadmap \| 5 min \| 0:00 \| skipped \|/);
    assert.match(md, /\| \*\*Total\*\* \| 8 min \| 5:00 \| \|\n$/);
  });

  it('says when nothing changed', () => {
    const quiet = renderSummaryMarkdown(
      summary({ created: [], splits: [], parked: [], trimmed: [], restored: [], estimates: [], rankMoves: [] }),
    );
    assert.match(quiet, /No changes to the backlog/);
  });

  it('renders dates in the time zone asked for', () => {
    assert.match(renderSummaryMarkdown(summary(), { timeZone: 'Europe/Berlin' }), /2025-03-04 10:00–11:02 \(Europe\/Berlin\)/);
  });

  it('cannot be broken by user text: links, HTML and line breaks are escaped', () => {
    const evil = renderSummaryMarkdown(
      summary({
        created: [{ id: 'x', title: '[click](javascript:alert(1)) <img src=x>\n# Heading', kind: 'bug', zone: 'backlog', estimate: null }],
      }),
    );
    assert.ok(evil.includes('- **\\[click\\](javascript:alert(1)) \\<img src=x\\> # Heading** (bug)'), evil);
  });
});

describe('renderSummaryJson', () => {
  it('is the summary, tagged with a format, and parses back', () => {
    const parsed = JSON.parse(renderSummaryJson(summary()));
    assert.equal(parsed.format, SUMMARY_JSON_FORMAT);
    assert.equal(parsed.formatVersion, 1);
    assert.deepEqual(parsed.estimates, summary().estimates);
    assert.deepEqual(parsed.splits[0].children.length, 2);
  });
});

describe('helpers', () => {
  it('formats durations and dates', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(65_400), '1:05');
    assert.equal(formatDuration(3_725_000), '1:02:05');
    assert.equal(formatDuration(-5), '0:00');
    assert.equal(formatDateTime(T0), '2025-03-04 09:00');
  });

  it('escapes Markdown and flattens newlines', () => {
    assert.equal(escapeMarkdown('a_b*c\nd'), 'a\\_b\\*c d');
    assert.equal(escapeMarkdown('- not a list'), '\\- not a list');
    assert.equal(escapeMarkdown('1. not a list (really)'), '1\\. not a list (really)');
  });

  it('flattens every line break Markdown knows, a lone CR too (a CSV cell can carry one)', () => {
    for (const title of ['Login\r# Release approved', 'Login \r\n # Release approved', 'Login\r\r\n\n# Release approved']) {
      assert.equal(escapeMarkdown(title), 'Login # Release approved', JSON.stringify(title));
    }
    const md = renderSummaryMarkdown(
      summary({
        boardTitle: 'Shop\r# Board',
        created: [{ id: 'w', title: 'Login\r# Release approved', kind: 'story', zone: 'backlog', estimate: null }],
      }),
    );
    // What a renderer takes as lines: CR, LF and CRLF all end one.
    const headings = md.split(/\r\n|\r|\n/).filter((line) => line.startsWith('#'));
    assert.ok(!headings.some((line) => /^#+ (Release|Board)/.test(line)), headings.join(' | '));
    assert.ok(md.includes('Login # Release approved'));
  });

  it('names the download after the board and the date', () => {
    assert.equal(summaryFileName(summary(), 'md'), 'refinement-team-shop-2025-03-04.md');
    assert.equal(summaryFileName(summary({ boardTitle: '☃' }), 'json'), 'refinement-board-2025-03-04.json');
  });
});
