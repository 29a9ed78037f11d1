/**
 * The meeting state machine: start, go to a stage, next/back/skip, edit the agenda on the way,
 * end. Time is accounted per stage from the clock passed in (`now`), never read here, so tests
 * replay a meeting minute by minute and the server's clock is the only one that counts.
 *
 * Timeboxes are advisory: overrunning a stage is computed and shown, never enforced — the
 * facilitator decides when to move on.
 */
import { DEFAULT_PEOPLE_PER_KEY } from '../session/limits';
import type { Role } from '../session/roles';
import { type AgendaStage, AgendaError, stageIndex, validateAgenda } from './agenda';

const MEETING_STATE_VERSION = 1;

export interface Attendee {
  name: string;
  role: Role;
  /**
   * The poker voter (public id) the person joined as, when their tab named one: with it, a new
   * name under the same voter and role replaces the old one. Missing for people recorded from
   * the roster, and in meetings stored before it existed.
   */
  voterId?: string;
  /** First time this person was seen during the meeting. */
  joinedAt: number;
}

/** Someone joining, as addAttendee records them. */
export interface Arrival {
  name: string;
  role: Role;
  voterId?: string | null;
}

export interface StageTime {
  /** Time spent on the stage so far, not counting the visit in progress. */
  spentMs: number;
  visits: number;
  /** Skipped on purpose (and not visited again since). */
  skipped: boolean;
}

export interface MeetingState {
  version: typeof MEETING_STATE_VERSION;
  id: string;
  status: 'running' | 'ended';
  startedAt: number;
  startedBy: string;
  endedAt: number | null;
  agenda: AgendaStage[];
  currentStageId: string;
  /** When the current visit of the current stage began. */
  stageStartedAt: number;
  /** Keyed by stage id. */
  times: Record<string, StageTime>;
  /** Stages dropped from the agenda after time was spent on them; kept for the log. */
  droppedStages: AgendaStage[];
  attendees: Attendee[];
}

export class MeetingError extends Error {
  constructor(
    readonly code: 'not_running' | 'unknown_stage' | 'invalid_agenda',
    message: string,
  ) {
    super(message);
  }
}

function emptyTime(): StageTime {
  return { spentMs: 0, visits: 0, skipped: false };
}

export interface StartMeetingInput {
  id: string;
  agenda: readonly AgendaStage[];
  now: number;
  startedBy: string;
  /** Who is in the room when the meeting starts. */
  attendees?: ReadonlyArray<{ name: string; role: Role }>;
  /** The most attendees to record (addAttendee). */
  maxAttendees?: number;
}

export function startMeeting(input: StartMeetingInput): MeetingState {
  const agenda = checkedAgenda(input.agenda);
  const times: Record<string, StageTime> = {};
  for (const s of agenda) times[s.id] = emptyTime();
  times[agenda[0].id].visits = 1;
  let state: MeetingState = {
    version: MEETING_STATE_VERSION,
    id: input.id,
    status: 'running',
    startedAt: input.now,
    startedBy: input.startedBy,
    endedAt: null,
    agenda,
    currentStageId: agenda[0].id,
    stageStartedAt: input.now,
    times,
    droppedStages: [],
    attendees: [],
  };
  for (const a of input.attendees ?? []) state = addAttendee(state, a, input.now, input.maxAttendees);
  return state;
}

function checkedAgenda(agenda: readonly AgendaStage[]): AgendaStage[] {
  try {
    return validateAgenda(agenda);
  } catch (err) {
    if (err instanceof AgendaError) throw new MeetingError('invalid_agenda', err.message);
    throw err;
  }
}

function requireRunning(state: MeetingState): void {
  if (state.status !== 'running') throw new MeetingError('not_running', 'The meeting has ended');
}

/** Books the time of the visit in progress onto the current stage and restarts the visit clock. */
function settle(state: MeetingState, now: number): MeetingState {
  // A clock that steps backwards (NTP) must not produce negative time.
  const elapsed = Math.max(0, now - state.stageStartedAt);
  const current = state.times[state.currentStageId] ?? emptyTime();
  return {
    ...state,
    stageStartedAt: Math.max(now, state.stageStartedAt),
    times: { ...state.times, [state.currentStageId]: { ...current, spentMs: current.spentMs + elapsed } },
  };
}

export function goToStage(state: MeetingState, stageId: string, now: number): MeetingState {
  requireRunning(state);
  if (stageIndex(state.agenda, stageId) < 0) throw new MeetingError('unknown_stage', `No stage "${stageId}" in the agenda`);
  if (stageId === state.currentStageId) return state;
  const settled = settle(state, now);
  const target = settled.times[stageId] ?? emptyTime();
  return {
    ...settled,
    currentStageId: stageId,
    stageStartedAt: now,
    times: { ...settled.times, [stageId]: { ...target, visits: target.visits + 1, skipped: false } },
  };
}

/** The next stage, or the same state on the last one (the UI offers "End meeting" there). */
export function nextStage(state: MeetingState, now: number): MeetingState {
  requireRunning(state);
  const index = stageIndex(state.agenda, state.currentStageId);
  if (index >= state.agenda.length - 1) return state;
  return goToStage(state, state.agenda[index + 1].id, now);
}

export function previousStage(state: MeetingState, now: number): MeetingState {
  requireRunning(state);
  const index = stageIndex(state.agenda, state.currentStageId);
  if (index <= 0) return state;
  return goToStage(state, state.agenda[index - 1].id, now);
}

/**
 * Skips a stage: marks it skipped; when it is the current one, moves on to the next stage
 * (on the last stage it only marks it).
 */
export function skipStage(state: MeetingState, stageId: string, now: number): MeetingState {
  requireRunning(state);
  const index = stageIndex(state.agenda, stageId);
  if (index < 0) throw new MeetingError('unknown_stage', `No stage "${stageId}" in the agenda`);
  let next = state;
  if (stageId === state.currentStageId && index < state.agenda.length - 1) next = goToStage(state, state.agenda[index + 1].id, now);
  const time = next.times[stageId] ?? emptyTime();
  return { ...next, times: { ...next.times, [stageId]: { ...time, skipped: true } } };
}

/**
 * Replaces the agenda while the meeting runs (reorder, drop, add, timeboxes). When the current
 * stage is dropped, the meeting moves to the stage that took its place.
 */
export function updateMeetingAgenda(state: MeetingState, agenda: readonly AgendaStage[], now: number): MeetingState {
  requireRunning(state);
  const clean = checkedAgenda(agenda);
  const keep = new Set(clean.map((s) => s.id));
  const settled = settle(state, now);
  const dropped = settled.agenda.filter((s) => !keep.has(s.id) && (settled.times[s.id]?.spentMs ?? 0) > 0);
  const times: Record<string, StageTime> = {};
  for (const s of clean) times[s.id] = settled.times[s.id] ?? emptyTime();
  for (const s of dropped) times[s.id] = settled.times[s.id];
  let next: MeetingState = {
    ...settled,
    agenda: clean,
    times,
    droppedStages: [
      ...settled.droppedStages.filter((d) => !keep.has(d.id)),
      ...dropped.filter((d) => !settled.droppedStages.some((x) => x.id === d.id)),
    ],
  };
  if (!keep.has(state.currentStageId)) {
    const oldIndex = stageIndex(state.agenda, state.currentStageId);
    const target = clean[Math.min(Math.max(0, oldIndex), clean.length - 1)];
    const t = times[target.id];
    next = {
      ...next,
      currentStageId: target.id,
      stageStartedAt: now,
      times: { ...times, [target.id]: { ...t, visits: t.visits + 1, skipped: false } },
    };
  }
  return next;
}

export function endMeeting(state: MeetingState, now: number): MeetingState {
  requireRunning(state);
  return { ...settle(state, now), status: 'ended', endedAt: now };
}

function attendeeKey(a: { name: string; role: Role }): string {
  return `${a.role}\0${a.name.trim().toLowerCase()}`;
}

/**
 * Where `who` is already recorded, in the same role: the entry of the same voter; else an entry of
 * the same name, when one of the two has no voter (a tab without one, or a person recorded from
 * the roster). Two voters of the same name are two people.
 */
function attendeeIndex(attendees: readonly Attendee[], who: Arrival): number {
  const sameVoter = who.voterId ? attendees.findIndex((a) => a.voterId === who.voterId && a.role === who.role) : -1;
  if (sameVoter >= 0) return sameVoter;
  const key = attendeeKey(who);
  return attendees.findIndex((a) => (!who.voterId || !a.voterId) && attendeeKey(a) === key);
}

/** Whether the running meeting has no room for `who`: someone new, with `max` recorded. */
export function attendeesFull(state: MeetingState, who: Arrival, max = DEFAULT_PEOPLE_PER_KEY): boolean {
  return state.status === 'running' && state.attendees.length >= max && attendeeIndex(state.attendees, who) < 0;
}

/**
 * Records someone who joined during the meeting. A person counts once (attendeeIndex), under the
 * name they use now when they named their voter. Nobody new is added once `max` people are
 * recorded (attendeesFull): the state comes back as it was.
 */
export function addAttendee(state: MeetingState, who: Arrival, now: number, max = DEFAULT_PEOPLE_PER_KEY): MeetingState {
  if (state.status !== 'running' || attendeesFull(state, who, max)) return state;
  const name = who.name.trim();
  const voterId = who.voterId ?? undefined;
  const index = attendeeIndex(state.attendees, who);
  if (index < 0) {
    return { ...state, attendees: [...state.attendees, { name, role: who.role, ...(voterId ? { voterId } : {}), joinedAt: now }] };
  }
  const known = state.attendees[index];
  // Found by voter, or by name on an entry with no voter yet (it takes this one): theirs to rename.
  const theirs = voterId !== undefined && (known.voterId === voterId || known.voterId === undefined);
  if (!theirs || (known.name === name && known.voterId === voterId)) return state;
  const attendees = [...state.attendees];
  attendees[index] = { ...known, name, voterId };
  return { ...state, attendees };
}

// ---------------------------------------------------------------------------------------------
// Reading the clock

export function timeOnStage(state: MeetingState, stageId: string, now: number): number {
  const spent = state.times[stageId]?.spentMs ?? 0;
  if (state.status === 'running' && stageId === state.currentStageId) return spent + Math.max(0, now - state.stageStartedAt);
  return spent;
}

export function currentStage(state: MeetingState): AgendaStage {
  return state.agenda.find((s) => s.id === state.currentStageId) ?? state.agenda[0];
}

/** Time left in the current stage's timebox; negative once it overruns. */
export function remainingMs(state: MeetingState, now: number): number {
  const stage = currentStage(state);
  return stage.minutes * 60_000 - timeOnStage(state, stage.id, now);
}

export function isOverrun(state: MeetingState, now: number): boolean {
  return remainingMs(state, now) < 0;
}

export interface StageLogEntry {
  id: string;
  kind: AgendaStage['kind'];
  title: string;
  plannedMinutes: number;
  spentMs: number;
  /** spentMs beyond the timebox; 0 when within it. */
  overrunMs: number;
  visits: number;
  skipped: boolean;
  /** Dropped from the agenda after time was spent on it. */
  dropped: boolean;
}

/** Time per stage in agenda order, then stages dropped along the way. */
export function stageLog(state: MeetingState, now: number): StageLogEntry[] {
  const entry = (s: AgendaStage, dropped: boolean): StageLogEntry => {
    const spentMs = timeOnStage(state, s.id, now);
    const t = state.times[s.id] ?? emptyTime();
    return {
      id: s.id,
      kind: s.kind,
      title: s.title,
      plannedMinutes: s.minutes,
      spentMs,
      overrunMs: Math.max(0, spentMs - s.minutes * 60_000),
      visits: t.visits,
      skipped: t.skipped,
      dropped,
    };
  };
  return [...state.agenda.map((s) => entry(s, false)), ...state.droppedStages.map((s) => entry(s, true))];
}

/** A stored state from an older build that does not fit is dropped rather than trusted. */
export function parseStoredMeeting(value: unknown): MeetingState | null {
  if (!value || typeof value !== 'object') return null;
  const s = value as Partial<MeetingState>;
  if (s.version !== MEETING_STATE_VERSION || typeof s.id !== 'string' || (s.status !== 'running' && s.status !== 'ended')) return null;
  if (!Array.isArray(s.agenda) || s.agenda.length === 0 || typeof s.currentStageId !== 'string') return null;
  if (typeof s.startedAt !== 'number' || typeof s.stageStartedAt !== 'number' || !s.times || typeof s.times !== 'object') return null;
  if (!Array.isArray(s.attendees) || !Array.isArray(s.droppedStages)) return null;
  return s as MeetingState;
}
