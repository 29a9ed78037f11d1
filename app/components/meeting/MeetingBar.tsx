'use client';

import { useCallback, useEffect, useState } from 'react';
import { serverStatesComing, type BoardConnection, type ConnectionSnapshot } from '@/lib/client/board-connection';
import { useMeeting } from '@/lib/client/hooks/use-meeting';
import { useServerNow } from '@/lib/client/hooks/use-server-now';
import { currentStage } from '@/lib/meeting/state';
import type { MeetingSummary } from '@/lib/meeting/summary';
import type { Role } from '@/lib/session/roles';
import { btnGhost, btnSecondary } from '../ui/styles';
import { MEETING_BAR_CLASS, MEETING_ROW_HEIGHT, MeetingBarSlot, MeetingIdleRow } from './MeetingBarSlot';
import { MEDIA_MD, MEDIA_XL } from '../ui/breakpoints';
import { useMediaQuery } from '../ui/use-media-query';
import { AgendaEditor } from './AgendaEditor';
import { AgendaStepper } from './AgendaStepper';
import { FollowControl } from './FollowControl';
import { MeetingControls } from './MeetingControls';
import { PastMeetings } from './PastMeetings';
import { StageScreen } from './StageScreen';
import { StageTimer } from './StageTimer';
import { SummaryDialog } from './SummaryDialog';

/** The board card with this id, if it is rendered (the list is virtualized). */
function boardCard(itemId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(itemId)}"]:not([data-testid="meeting-stage-item"]) article`);
}

function isTyping(): boolean {
  const el = document.activeElement as HTMLElement | null;
  return !!el && (el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');
}

/**
 * The guided meeting, mounted on the board and on the projector: the agenda stepper with the
 * current stage's timer, the facilitator's controls, and the stage's own screen. Participants
 * follow the facilitator's stage and focused card until they browse on their own; one click
 * brings them back. The projector always follows.
 */
export function MeetingBar({
  connection,
  snapshot,
  slotRole,
}: {
  connection: BoardConnection;
  snapshot: ConnectionSnapshot;
  /** The role to hold the bar's slot for until the session and the meeting's state arrive (the preview's until then). */
  slotRole: Role | null;
}) {
  const meeting = useMeeting(connection);
  const { view } = meeting;
  const role = snapshot.session?.role ?? null;
  const isFacilitator = role === 'facilitator';
  const isProjector = role === 'spectator';
  const running = view?.meeting?.status === 'running' ? view.meeting : null;
  const now = useServerNow(meeting.offset, running !== null);

  /** The stage a participant browses on their own; null while following. */
  const [browseId, setBrowseId] = useState<string | null>(null);
  const [stageOpen, setStageOpen] = useState(false);
  // Tablets and up have room for the controls in the band itself, and wide laptops for the
  // agenda's stages and past meetings as well: below 1280 px the stages made the band wrap to a
  // second line (89 px instead of 53), so they open with the stage's sheet there, as on a phone.
  const wide = useMediaQuery(MEDIA_MD);
  const stagesInBand = useMediaQuery(MEDIA_XL);
  const [agendaOpen, setAgendaOpen] = useState(false);
  const [pastOpen, setPastOpen] = useState(false);
  const [summary, setSummary] = useState<MeetingSummary | null>(null);

  const following = isFacilitator || isProjector || browseId === null;
  const focusId = snapshot.focus.itemId;

  // The summary opens for everyone when the meeting ends.
  const { ended, dismissEnded } = meeting;
  useEffect(() => {
    if (!ended) return;
    setSummary(ended);
    setPastOpen(false);
    setBrowseId(null);
    dismissEnded();
  }, [ended, dismissEnded]);

  // A browsed stage that was dropped from the agenda, or a meeting that ended: follow again.
  useEffect(() => {
    if (browseId && (!running || !running.agenda.some((s) => s.id === browseId))) setBrowseId(null);
  }, [browseId, running]);

  // Following includes the focused card: bring it into view on this screen too (the projector
  // does this itself). Never while the person is typing: that would yank the page away.
  useEffect(() => {
    if (!running || !following || isFacilitator || isProjector || !focusId || isTyping()) return;
    boardCard(focusId)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [running, following, isFacilitator, isProjector, focusId]);

  const jumpBack = useCallback(() => {
    setBrowseId(null);
    if (focusId) boardCard(focusId)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [focusId]);

  const pickItem = useCallback(
    (itemId: string) => {
      // On a phone the sheet covers the board: close it so the card can be seen.
      if (!wide) setStageOpen(false);
      const card = boardCard(itemId);
      card?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      if (isFacilitator) {
        // Selecting the card on the board makes it the room's focus (the board sends focus:set).
        if (card) card.click();
        else void connection.emit('focus:set', { itemId });
      } else if (running && browseId === null) {
        setBrowseId(running.currentStageId);
      }
    },
    [isFacilitator, connection, running, browseId, wide],
  );

  const openPast = async (meetingId: string) => {
    const found = await meeting.fetchSummary(meetingId);
    if (found) {
      setPastOpen(false);
      setSummary(found);
    }
  };

  if (!view || !role) return <MeetingBarSlot role={role ?? slotRole} coming={serverStatesComing(snapshot.status)} />;

  const agendaForEditor = running ? running.agenda : view.agenda;
  const dialogs = (
    <>
      {isFacilitator && (
        <AgendaEditor
          open={agendaOpen}
          onClose={() => setAgendaOpen(false)}
          agenda={agendaForEditor}
          running={running !== null}
          agendaSaved={view.agendaSaved}
          onApply={async (agenda, save) => (await meeting.send('meeting:agenda', { agenda, save })).ok}
          onReset={async () => (await meeting.send('meeting:agenda-reset', {})).ok}
        />
      )}
      <PastMeetings open={pastOpen} onClose={() => setPastOpen(false)} past={view.past} onOpen={(id) => void openPast(id)} />
      <SummaryDialog summary={summary} onClose={() => setSummary(null)} />
    </>
  );
  const errorLine = meeting.error && (
    <p role="alert" className="px-4 pb-2 text-sm text-rose-700 dark:text-rose-300" data-testid="meeting-error">
      {meeting.error}
    </p>
  );
  const barClass = `${MEETING_BAR_CLASS} ${isProjector ? 'border-b-2 border-black dark:border-white dark:bg-black' : ''}`;

  if (!running) {
    if (isProjector && view.past.length === 0)
      return (
        <>
          {/* No bar, and none coming: what the e2e tests wait for instead of the bar (waitLive). */}
          <span hidden data-meeting-bar="none" />
          {dialogs}
        </>
      );
    return (
      <>
        <section aria-label="Meeting" data-testid="meeting-bar" data-meeting="none" className={barClass}>
          <MeetingIdleRow
            facilitator={isFacilitator}
            agenda={view.agenda}
            onEditAgenda={() => setAgendaOpen(true)}
            onStart={() => void meeting.send('meeting:start', {})}
          >
            {view.past.length > 0 && (
              <button type="button" className={btnGhost} onClick={() => setPastOpen(true)} data-testid="meeting-past">
                Past meetings ({view.past.length})
              </button>
            )}
          </MeetingIdleRow>
          {errorLine}
        </section>
        {dialogs}
      </>
    );
  }

  const current = currentStage(running);
  const viewed = (following ? null : running.agenda.find((s) => s.id === browseId)) ?? current;
  const onPickStage = isFacilitator
    ? (stageId: string) => void meeting.send('meeting:goto', { stageId })
    : isProjector
      ? null
      : (stageId: string) => setBrowseId(stageId === running.currentStageId ? null : stageId);

  const stageNumber = running.agenda.findIndex((s) => s.id === viewed.id) + 1;
  const stepper = <AgendaStepper meeting={running} viewedStageId={viewed.id} onPick={onPickStage} large={isProjector} />;
  const controls = isFacilitator && <MeetingControls meeting={running} send={meeting.send} onEditAgenda={() => setAgendaOpen(true)} />;
  const follow = !isFacilitator && !isProjector && (
    <FollowControl
      following={following}
      facilitatorName={running.startedBy}
      currentTitle={current.title}
      onJumpBack={jumpBack}
      onBrowse={() => {
        setBrowseId(running.currentStageId);
        // Where the stages are not in the band, browsing starts in the sheet that has them.
        if (!stagesInBand) setStageOpen(true);
      }}
    />
  );
  const stageScreen = (
    <StageScreen
      stage={viewed}
      connection={connection}
      snapshot={snapshot}
      meetingStartedAt={running.startedAt}
      onPickItem={isProjector ? null : pickItem}
      large={isProjector}
    />
  );
  const pastButton = view.past.length > 0 && !isProjector && (
    <button type="button" className={btnGhost} onClick={() => setPastOpen(true)} data-testid="meeting-past">
      Past meetings ({view.past.length})
    </button>
  );

  const sectionProps = {
    'aria-label': 'Meeting',
    'data-testid': 'meeting-bar',
    'data-meeting': 'running',
    'data-current-stage': running.currentStageId,
    'data-viewed-stage': viewed.id,
    'data-following': following || undefined,
  };

  if (isProjector) {
    return (
      <>
        <section {...sectionProps} className={barClass}>
          <div className="flex flex-wrap items-center gap-2 px-4 pt-2">
            <div className="min-w-0 flex-1">{stepper}</div>
            <StageTimer meeting={running} now={now} large />
          </div>
          {errorLine}
          <div className="max-h-[45dvh] overflow-y-auto border-t border-slate-200 px-4 py-3 dark:border-slate-800">{stageScreen}</div>
        </section>
        {dialogs}
      </>
    );
  }

  // On the board the meeting is a compact band (a thin strip on phones) that never pushes the
  // backlog away: the stage's screen opens on demand over the board, as a sheet below the band.
  return (
    <>
      <section
        {...sectionProps}
        className={`relative z-20 ${barClass}`}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && stageOpen) {
            event.stopPropagation();
            setStageOpen(false);
          }
        }}
      >
        <div className={`flex flex-wrap items-center gap-x-2 gap-y-1 px-3 py-1.5 sm:px-4 ${MEETING_ROW_HEIGHT}`}>
          {stagesInBand && <div className="min-w-0 flex-[1_1_24rem]">{stepper}</div>}
          <button
            type="button"
            className={`${btnSecondary} min-w-0 max-sm:flex-1`}
            onClick={() => setStageOpen((o) => !o)}
            aria-expanded={stageOpen}
            aria-controls="meeting-stage-sheet"
            data-testid="meeting-toggle-details"
          >
            <span className="truncate">
              <span className="text-slate-500 tabular-nums dark:text-slate-400">
                {stageNumber}/{running.agenda.length}
              </span>{' '}
              {viewed.title}
            </span>
            <span aria-hidden="true">{stageOpen ? '▴' : '▾'}</span>
            <span className="sr-only">{stageOpen ? ' (hide the stage)' : ' (show the stage)'}</span>
          </button>
          <StageTimer meeting={running} now={now} />
          {wide && controls}
          {wide && follow}
          {stagesInBand && pastButton}
        </div>
        {errorLine}
        <div
          id="meeting-stage-sheet"
          hidden={!stageOpen}
          data-testid="meeting-stage-sheet"
          className="absolute inset-x-0 top-full max-h-[min(70dvh,40rem)] space-y-3 overflow-y-auto border-b border-slate-200 bg-white px-4 py-3 shadow-2xl lg:right-4 lg:left-auto lg:w-[40rem] lg:rounded-b-2xl lg:border-x dark:border-slate-800 dark:bg-slate-900"
        >
          {!stagesInBand && stepper}
          {!wide && (
            <>
              {controls}
              {follow}
            </>
          )}
          {stageScreen}
          {!stagesInBand && pastButton}
        </div>
      </section>
      {dialogs}
    </>
  );
}
