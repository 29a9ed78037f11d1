import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PEOPLE_PER_KEY } from '../session/limits';
import { defaultAgenda, dropStage, moveStage } from './agenda';
import {
  MeetingError,
  addAttendee,
  attendeesFull,
  currentStage,
  endMeeting,
  goToStage,
  isOverrun,
  nextStage,
  parseStoredMeeting,
  previousStage,
  remainingMs,
  skipStage,
  stageLog,
  startMeeting,
  timeOnStage,
  updateMeetingAgenda,
} from './state';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

function started() {
  return startMeeting({ id: 'm1', agenda: defaultAgenda(), now: T0, startedBy: 'Fay', attendees: [{ name: 'Fay', role: 'facilitator' }] });
}

describe('meeting state machine', () => {
  it('starts on the first stage with its full timebox', () => {
    const s = started();
    assert.equal(s.status, 'running');
    assert.equal(currentStage(s).id, 'vision');
    assert.equal(remainingMs(s, T0), 3 * MIN);
    assert.equal(s.attendees.length, 1);
  });

  it('counts time per stage across next, back and revisits', () => {
    let s = started();
    s = nextStage(s, T0 + 2 * MIN); // vision 2 min
    assert.equal(currentStage(s).id, 'roadmap');
    s = previousStage(s, T0 + 3 * MIN); // roadmap 1 min
    assert.equal(currentStage(s).id, 'vision');
    s = nextStage(s, T0 + 4 * MIN); // vision +1 min
    assert.equal(timeOnStage(s, 'vision', T0 + 10 * MIN), 3 * MIN);
    assert.equal(timeOnStage(s, 'roadmap', T0 + 10 * MIN), 1 * MIN + 6 * MIN, 'the running visit counts');
    assert.equal(s.times.vision.visits, 2);
    assert.equal(s.times.roadmap.visits, 2);
  });

  it('computes an overrun without enforcing it', () => {
    const s = started();
    assert.equal(isOverrun(s, T0 + 3 * MIN), false);
    assert.equal(isOverrun(s, T0 + 3 * MIN + 1), true);
    assert.equal(remainingMs(s, T0 + 5 * MIN), -2 * MIN);
    assert.equal(currentStage(s).id, 'vision', 'still on the stage');
  });

  it('stays on the last stage at "next" and on the first at "back"', () => {
    let s = goToStage(started(), 'ready-check', T0 + MIN);
    assert.equal(nextStage(s, T0 + 2 * MIN), s);
    s = goToStage(s, 'vision', T0 + 2 * MIN);
    assert.equal(previousStage(s, T0 + 3 * MIN), s);
  });

  it('skips the current stage and moves on; going back clears the mark', () => {
    let s = skipStage(started(), 'vision', T0 + 10_000);
    assert.equal(currentStage(s).id, 'roadmap');
    assert.equal(s.times.vision.skipped, true);
    s = skipStage(s, 'tail', T0 + 20_000);
    assert.equal(currentStage(s).id, 'roadmap', 'skipping a later stage does not move');
    assert.equal(s.times.tail.skipped, true);
    s = goToStage(s, 'vision', T0 + 30_000);
    assert.equal(s.times.vision.skipped, false);
  });

  it('refuses unknown stages and changes after the end', () => {
    assert.throws(() => goToStage(started(), 'nope', T0), MeetingError);
    const ended = endMeeting(started(), T0 + MIN);
    assert.throws(() => nextStage(ended, T0 + 2 * MIN), /ended/);
    assert.throws(() => endMeeting(ended, T0 + 2 * MIN), /ended/);
  });

  it('ends with the time of the last visit booked', () => {
    let s = nextStage(started(), T0 + MIN);
    s = endMeeting(s, T0 + 5 * MIN);
    assert.equal(s.status, 'ended');
    assert.equal(s.endedAt, T0 + 5 * MIN);
    assert.equal(timeOnStage(s, 'roadmap', T0 + 99 * MIN), 4 * MIN, 'the clock stops at the end');
  });

  it('does not book negative time when the clock steps back', () => {
    const s = nextStage(started(), T0 - MIN);
    assert.equal(timeOnStage(s, 'vision', T0), 0);
  });
});

describe('editing the agenda during a meeting', () => {
  it('keeps time on reordered stages', () => {
    let s = nextStage(started(), T0 + 2 * MIN);
    s = updateMeetingAgenda(s, moveStage(s.agenda, 'ready-check', 2), T0 + 3 * MIN);
    assert.equal(s.agenda[2].id, 'ready-check');
    assert.equal(currentStage(s).id, 'roadmap');
    assert.equal(timeOnStage(s, 'vision', T0 + 3 * MIN), 2 * MIN);
    assert.equal(timeOnStage(s, 'roadmap', T0 + 4 * MIN), 2 * MIN);
  });

  it('moves on when the current stage is dropped, and logs the dropped stage with its time', () => {
    let s = nextStage(started(), T0 + MIN);
    s = updateMeetingAgenda(s, dropStage(s.agenda, 'roadmap'), T0 + 3 * MIN);
    assert.equal(currentStage(s).id, 'tail', 'the stage that took its place');
    const log = stageLog(s, T0 + 4 * MIN);
    const dropped = log.find((e) => e.id === 'roadmap')!;
    assert.equal(dropped.dropped, true);
    assert.equal(dropped.spentMs, 2 * MIN);
    assert.equal(log.find((e) => e.id === 'tail')!.spentMs, MIN);
  });

  it('forgets a dropped stage nobody spent time on, and refuses an empty agenda', () => {
    const s = updateMeetingAgenda(started(), dropStage(defaultAgenda(), 'split'), T0 + MIN);
    assert.ok(!stageLog(s, T0 + MIN).some((e) => e.id === 'split'));
    assert.throws(() => updateMeetingAgenda(s, [], T0 + MIN), MeetingError);
  });
});

describe('attendees and the stage log', () => {
  it('records each person once per role, case-insensitively', () => {
    let s = started();
    s = addAttendee(s, { name: 'Ann', role: 'participant' }, T0 + 1);
    s = addAttendee(s, { name: ' ann ', role: 'participant' }, T0 + 2);
    s = addAttendee(s, { name: 'Projector', role: 'spectator' }, T0 + 3);
    assert.deepEqual(
      s.attendees.map((a) => `${a.name}/${a.role}`),
      ['Fay/facilitator', 'Ann/participant', 'Projector/spectator'],
    );
    assert.equal(addAttendee(endMeeting(s, T0 + 4), { name: 'Late', role: 'participant' }, T0 + 5).attendees.length, 3);
  });

  it('the same voter in the same role counts once, under the name they use now', () => {
    let s = started();
    s = addAttendee(s, { name: 'Ann', role: 'participant' }, T0 + 1);
    s = addAttendee(s, { name: 'ann', role: 'participant', voterId: 'v-ann' }, T0 + 2);
    s = addAttendee(s, { name: 'Annie', role: 'participant', voterId: 'v-ann' }, T0 + 3);
    s = addAttendee(s, { name: 'Annie', role: 'facilitator', voterId: 'v-ann' }, T0 + 4);
    s = addAttendee(s, { name: 'Fay', role: 'facilitator', voterId: 'v-other' }, T0 + 5);
    assert.deepEqual(
      s.attendees.map((a) => `${a.name}/${a.role}/${a.voterId ?? '-'}@${a.joinedAt - T0}`),
      ['Fay/facilitator/v-other@0', 'Annie/participant/v-ann@1', 'Annie/facilitator/v-ann@4'],
      'a renamed voter keeps one entry; the same browser in another role is another; a name without a voter takes the first voter that uses it',
    );
    assert.equal(addAttendee(s, { name: 'Annie', role: 'participant', voterId: 'v-ann' }, T0 + 6), s, 'nothing new: the same state');
  });

  it(`records at most ${DEFAULT_PEOPLE_PER_KEY} people; beyond, the known are still renamed and nobody new is added`, () => {
    let s = started();
    for (let i = 1; i < DEFAULT_PEOPLE_PER_KEY; i++)
      s = addAttendee(s, { name: `Sock ${i}`, role: 'participant', voterId: `v${i}` }, T0 + i);
    assert.equal(s.attendees.length, DEFAULT_PEOPLE_PER_KEY);
    const late = { name: 'Late', role: 'participant' as const, voterId: 'v-late' };
    assert.equal(attendeesFull(s, late), true);
    assert.equal(addAttendee(s, late, T0 + MIN), s);
    const renamed = { name: 'Sock one', role: 'participant' as const, voterId: 'v1' };
    assert.equal(attendeesFull(s, renamed), false);
    assert.equal(addAttendee(s, renamed, T0 + MIN).attendees[1].name, 'Sock one');
    assert.equal(attendeesFull(endMeeting(s, T0 + MIN), late), false, 'an ended meeting records nobody, and refuses nobody');
  });

  it('two people of the same name with different voters are two attendees; a renamed voter stays one', () => {
    let s = started();
    s = addAttendee(s, { name: 'Alex', role: 'participant', voterId: 'v-a' }, T0 + 1);
    s = addAttendee(s, { name: 'Alex', role: 'participant', voterId: 'v-b' }, T0 + 2);
    assert.deepEqual(
      s.attendees.slice(1).map((a) => `${a.name}/${a.voterId}`),
      ['Alex/v-a', 'Alex/v-b'],
    );
    s = addAttendee(s, { name: 'Alexandra', role: 'participant', voterId: 'v-a' }, T0 + 3);
    assert.deepEqual(
      s.attendees.slice(1).map((a) => `${a.name}/${a.voterId}`),
      ['Alexandra/v-a', 'Alex/v-b'],
      'the rename updates its own entry; the other Alex stays',
    );
    assert.equal(addAttendee(s, { name: 'alex', role: 'participant' }, T0 + 4), s, 'a tab without a voter matches by name');
  });

  it('the cap is the one passed in: a server that allows more people records more', () => {
    let s = started();
    for (let i = 1; i <= 3; i++) s = addAttendee(s, { name: `P${i}`, role: 'participant', voterId: `v${i}` }, T0 + i, 3);
    assert.equal(s.attendees.length, 3);
    assert.equal(attendeesFull(s, { name: 'P3', role: 'participant', voterId: 'v3' }, 3), true);
    let big = started();
    const max = DEFAULT_PEOPLE_PER_KEY + 100;
    for (let i = 1; i <= DEFAULT_PEOPLE_PER_KEY; i++)
      big = addAttendee(big, { name: `P${i}`, role: 'participant', voterId: `v${i}` }, T0 + i, max);
    assert.equal(big.attendees.length, DEFAULT_PEOPLE_PER_KEY + 1, 'person 501 is on the list');
    assert.equal(attendeesFull(big, { name: 'More', role: 'participant', voterId: 'v-more' }, max), false);
  });

  it('logs planned and spent time, overruns, skips and unreached stages', () => {
    let s = nextStage(started(), T0 + 5 * MIN); // vision: 5 of 3 min
    s = skipStage(s, 'roadmap', T0 + 5 * MIN);
    s = endMeeting(s, T0 + 6 * MIN);
    const log = stageLog(s, T0 + 6 * MIN);
    assert.equal(log.length, 9);
    assert.deepEqual(log[0], {
      id: 'vision',
      kind: 'vision',
      title: 'Vision',
      plannedMinutes: 3,
      spentMs: 5 * MIN,
      overrunMs: 2 * MIN,
      visits: 1,
      skipped: false,
      dropped: false,
    });
    assert.equal(log[1].skipped, true);
    assert.equal(log[2].spentMs, MIN);
    assert.equal(log[3].visits, 0);
  });

  it('parses a stored state back, and rejects a foreign one', () => {
    const s = started();
    assert.deepEqual(parseStoredMeeting(JSON.parse(JSON.stringify(s))), s);
    assert.equal(parseStoredMeeting({ ...s, version: 99 }), null);
    assert.equal(parseStoredMeeting(null), null);
    assert.equal(parseStoredMeeting({ ...s, agenda: [] }), null);
  });
});
