'use client';

import { useEffect, useMemo, useState } from 'react';
import type { BoardConnection, ConnectionSnapshot } from '@/lib/client/board-connection';
import { useItems, useMeta } from '@/lib/client/hooks/use-board';
import { useMeeting } from '@/lib/client/hooks/use-meeting';
import { usePoker } from '@/lib/client/hooks/use-poker';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { useServerNow } from '@/lib/client/hooks/use-server-now';
import { useSortPreview } from '@/lib/client/hooks/use-sort-preview';
import { useTrimState } from '@/lib/client/hooks/use-trim-state';
import type { MeetingSummary } from '@/lib/meeting/summary';
import { AgendaStepper } from '../meeting/AgendaStepper';
import { StageTimer } from '../meeting/StageTimer';
import { projectorMoment } from './moment';
import { NowDiscussing } from './NowDiscussing';
import { PokerMoment } from './PokerMoment';
import { RankedList } from './RankedList';
import { SortMoment } from './SortMoment';
import { StageMoment } from './StageMoment';
import { SummaryMoment } from './SummaryMoment';
import { TrimMoment } from './TrimMoment';
import { BODY } from './type';

/**
 * The projector's live content: the meeting's agenda and timer, then the moment the room is in
 * (a poker round, a trim vote, the sort preview, the meeting's stage, or the ranked board) beside
 * the card being discussed. Everything comes from the server's redacted views and the shared
 * document; this screen only lays them out.
 */
export function Projector({
  connection,
  snapshot,
  header,
}: {
  connection: BoardConnection;
  snapshot: ConnectionSnapshot;
  /** The page's own header row (title, people, connection): the shell's. */
  header: React.ReactNode;
}) {
  const meta = useMeta(connection.doc);
  const backlog = useItems(connection.doc, { zone: 'backlog' });
  const view = useRefinementView(connection.doc);
  const poker = usePoker(connection);
  const trim = useTrimState(connection);
  const sort = useSortPreview(connection);
  const meeting = useMeeting(connection);
  const now = useServerNow(meeting.offset, true, 1000);
  const running = meeting.view?.meeting?.status === 'running' ? meeting.view.meeting : null;

  // The summary is shown to the room when the meeting ends, until the next one starts.
  const [summary, setSummary] = useState<MeetingSummary | null>(null);
  const { ended, dismissEnded } = meeting;
  useEffect(() => {
    if (!ended) return;
    setSummary(ended);
    dismissEnded();
  }, [ended, dismissEnded]);
  useEffect(() => {
    if (running) setSummary(null);
  }, [running]);
  const moment = projectorMoment({ poker: poker.view, trim, sort: sort.preview, meeting: meeting.view, now, summary: summary !== null });

  const focusId = snapshot.focus.itemId;
  const round = moment.kind === 'poker' ? poker.view!.round! : null;
  // The summary takes the whole width; a poker round is about its own item.
  const subjectId = round ? round.itemId : moment.kind === 'summary' ? null : focusId;
  const subject = useMemo(() => view.items.find((i) => i.id === subjectId) ?? null, [view.items, subjectId]);
  const subjectIndex = subject ? backlog.findIndex((i) => i.id === subject.id) : -1;

  return (
    <>
      <div className="shrink-0 border-b-2 border-black dark:border-white">
        {header}
        <div
          data-testid="meeting-bar"
          data-meeting={running ? 'running' : 'none'}
          data-current-stage={running?.currentStageId}
          className={running ? 'flex items-center gap-4 px-8 pb-3' : 'hidden'}
        >
          {running && (
            <>
              <div className="min-w-0 flex-1">
                <AgendaStepper meeting={running} viewedStageId={running.currentStageId} onPick={null} large />
              </div>
              <StageTimer meeting={running} now={now} large />
            </>
          )}
        </div>
      </div>
      <main className="flex min-h-0 flex-1 flex-col lg:flex-row" data-testid="projector-main" data-moment={moment.kind}>
        <div
          className={`flex min-h-0 flex-1 flex-col overflow-hidden px-8 py-5 ${subject ? (round ? 'lg:basis-2/3' : 'lg:basis-3/5') : ''}`}
        >
          {moment.kind === 'poker' && round && <PokerMoment round={round} clockOffset={poker.clockOffset} />}
          {moment.kind === 'trim' && trim.proposal && <TrimMoment proposal={trim.proposal} />}
          {moment.kind === 'sort' && sort.preview && <SortMoment preview={sort.preview} />}
          {moment.kind === 'stage' && running && (
            <StageMoment stage={moment.stage} view={view} meta={meta} trim={trim} focusId={focusId} meetingStartedAt={running.startedAt} />
          )}
          {moment.kind === 'summary' && summary && <SummaryMoment summary={summary} />}
          {moment.kind === 'board' && (
            <section aria-label="Backlog" className="min-h-0 flex-1 overflow-y-auto">
              {backlog.length === 0 && snapshot.synced && <p className={BODY}>The backlog is empty.</p>}
              <RankedList view={view} items={backlog} focusId={focusId} />
            </section>
          )}
        </div>
        {/* Without a card to discuss, the moment takes the whole width. */}
        {subject && (
          <NowDiscussing
            item={subject}
            position={subjectIndex >= 0 ? subjectIndex + 1 : null}
            view={view}
            label={round ? 'Estimating' : 'Now discussing'}
            className={round ? 'lg:basis-1/3' : 'lg:basis-2/5'}
          />
        )}
      </main>
    </>
  );
}
