'use client';

import type { ItemView } from '@/lib/board/schema';
import type { RefinementView } from '@/lib/refinement/board-view';
import { EMPTY_DETAILS } from '@/lib/refinement/board-view';
import { estimateText } from '../backlog/EstimateControl';
import { KIND_BADGE, KIND_LABEL } from '../ui/kinds';
import { Markdown } from '../ui/Markdown';
import { ReadyBadge } from './ReadyBadge';
import { BODY, LABEL, MUTED, NUMBER } from './type';

/**
 * The card the room talks about, in full: its place, kind, estimate and Ready state, the
 * description, the value hypothesis, the acceptance criteria and the open questions.
 */
export function NowDiscussing({
  item,
  position,
  view,
  label = 'Now discussing',
  className = '',
}: {
  item: ItemView | null;
  position: number | null;
  view: RefinementView;
  label?: string;
  className?: string;
}) {
  return (
    <aside
      aria-label={label}
      className={`min-h-0 shrink-0 overflow-hidden border-t-2 border-black px-8 py-5 lg:border-t-0 ${className} lg:border-l-2 dark:border-white`}
      data-testid="present-focus"
    >
      <p className="text-xl font-bold tracking-widest text-amber-800 uppercase dark:text-amber-300" data-label>
        {label}
      </p>
      {item ? (
        <ItemInFull item={item} position={position} view={view} />
      ) : (
        <p className={`${BODY} mt-3 ${MUTED}`}>The facilitator has not picked a card yet.</p>
      )}
    </aside>
  );
}

function ItemInFull({ item, position, view }: { item: ItemView; position: number | null; view: RefinementView }) {
  const details = view.details.get(item.id) ?? EMPTY_DETAILS;
  const insight = view.insights.get(item.id);
  const estimate = estimateText(item);
  const { believe, resultIn, knowWhen } = details.hypothesis;
  const hasHypothesis = [believe, resultIn, knowWhen].some((t) => t.trim() !== '');
  const openQuestions = details.questions.filter((q) => q.status === 'open');
  return (
    <div className="mt-3 space-y-4" data-testid="present-focus-item">
      <div className="flex flex-wrap items-center gap-3">
        {position !== null && <span className={NUMBER}>#{position}</span>}
        <span className={`rounded-full px-3 py-1 text-2xl font-bold ${KIND_BADGE[item.kind]}`}>{KIND_LABEL[item.kind]}</span>
        <span className={`${NUMBER} rounded-xl bg-slate-900 px-3 text-white dark:bg-slate-100 dark:text-slate-900`} title="Estimate">
          {estimate ?? '–'}
        </span>
        {insight && <ReadyBadge readiness={insight.readiness} />}
      </div>
      <h2 className="text-5xl leading-tight font-black break-words">{item.title || 'Untitled'}</h2>
      {item.description.trim() !== '' && <Markdown source={item.description} className="text-2xl" />}
      {hasHypothesis && (
        <Section title="Value hypothesis" testId="present-hypothesis">
          <p className={BODY}>
            {believe.trim() && (
              <>
                We believe <strong>{believe}</strong>{' '}
              </>
            )}
            {resultIn.trim() && (
              <>
                will result in <strong>{resultIn}</strong>.{' '}
              </>
            )}
            {knowWhen.trim() && (
              <>
                We will know when <strong>{knowWhen}</strong>.
              </>
            )}
          </p>
        </Section>
      )}
      {details.acceptanceCriteria.trim() !== '' && (
        <Section title="Acceptance criteria" testId="present-acceptance">
          <Markdown source={details.acceptanceCriteria} className="text-2xl" />
        </Section>
      )}
      {openQuestions.length > 0 && (
        <Section title={`Open questions (${openQuestions.length})`} testId="present-questions">
          <ul className={`${BODY} list-disc space-y-1 pl-8`}>
            {openQuestions.slice(0, 5).map((q) => (
              <li key={q.id}>{q.text}</li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <section data-testid={testId}>
      <h3 className={LABEL} data-label>
        {title}
      </h3>
      <div className="mt-1">{children}</div>
    </section>
  );
}
