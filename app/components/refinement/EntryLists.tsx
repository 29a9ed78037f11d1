'use client';

import { useState, type FormEvent } from 'react';
import type { ActionItem, Decision, Question } from '@/lib/board/item-entries';
import { btnSecondary, input, hint, sectionTitle } from '../ui/styles';

function AddForm({
  label,
  placeholder,
  onAdd,
  testId,
}: {
  label: string;
  placeholder: string;
  onAdd: (text: string) => void;
  testId: string;
}) {
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    onAdd(text.trim());
    setText('');
  };
  return (
    <form onSubmit={submit} className="mt-1 flex gap-2">
      <input
        className={`${input} flex-1`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={placeholder}
        aria-label={label}
        data-testid={`${testId}-input`}
      />
      <button type="submit" className={btnSecondary} data-testid={`${testId}-add`}>
        Add
      </button>
    </form>
  );
}

function AnswerField({ question, onAnswer }: { question: Question; onAnswer: (answer: string) => void }) {
  const [draft, setDraft] = useState(question.answer);
  return (
    <input
      className={`${input} w-full`}
      value={draft}
      placeholder="Answer…"
      aria-label={`Answer to ${question.text}`}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => draft !== question.answer && onAnswer(draft)}
      onKeyDown={(e) => e.key === 'Enter' && draft !== question.answer && onAnswer(draft)}
      data-testid="question-answer"
    />
  );
}

export function QuestionsSection(props: {
  questions: Question[];
  canEdit: boolean;
  onAdd: (text: string) => void;
  onAnswer: (id: string, answer: string) => void;
  onRemove: (id: string) => void;
}) {
  const open = props.questions.filter((q) => q.status === 'open').length;
  return (
    <section aria-labelledby="questions-heading" data-testid="questions">
      <h3 id="questions-heading" className={sectionTitle}>
        Questions {open > 0 && <span className="text-amber-700">({open} open)</span>}
      </h3>
      <ul className="mt-1 space-y-2">
        {props.questions.map((q) => (
          <li key={q.id} className="text-sm" data-testid="question" data-status={q.status}>
            <div className="flex gap-2">
              <span className={q.status === 'open' ? 'font-semibold' : ''}>{q.text}</span>
              <span className={hint}>{q.status}</span>
              {props.canEdit && (
                <button
                  type="button"
                  className={`${hint} ml-auto`}
                  onClick={() => props.onRemove(q.id)}
                  aria-label={`Remove question ${q.text}`}
                >
                  ✕
                </button>
              )}
            </div>
            {props.canEdit ? (
              <AnswerField key={q.answer} question={q} onAnswer={(a) => props.onAnswer(q.id, a)} />
            ) : (
              q.answer && <p className={hint}>{q.answer}</p>
            )}
          </li>
        ))}
      </ul>
      {props.canEdit && <AddForm label="New question" placeholder="Ask a question…" onAdd={props.onAdd} testId="question" />}
    </section>
  );
}

export function ActionsSection(props: {
  actions: ActionItem[];
  owners: string[];
  canEdit: boolean;
  onAdd: (input: { text: string; owner: string | null; due: string | null }) => void;
  onUpdate: (id: string, patch: Partial<{ done: boolean; owner: string | null; due: string | null }>) => void;
  onRemove: (id: string) => void;
}) {
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    props.onAdd({ text: text.trim(), owner: owner.trim() || null, due: due || null });
    setText('');
    setOwner('');
    setDue('');
  };
  return (
    <section aria-labelledby="actions-heading" data-testid="actions">
      <h3 id="actions-heading" className={sectionTitle}>
        Action items
      </h3>
      <datalist id="refinement-owners">
        {props.owners.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <ul className="mt-1 space-y-1">
        {props.actions.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center gap-2 text-sm" data-testid="action">
            <input
              type="checkbox"
              checked={a.done}
              disabled={!props.canEdit}
              onChange={(e) => props.onUpdate(a.id, { done: e.target.checked })}
              aria-label={`Done: ${a.text}`}
            />
            <span className={a.done ? 'line-through' : ''}>{a.text}</span>
            <span className={hint}>
              {a.owner ?? 'no owner'}
              {a.due && ` · due ${a.due}`}
            </span>
            {props.canEdit && (
              <button
                type="button"
                className={`${hint} ml-auto`}
                onClick={() => props.onRemove(a.id)}
                aria-label={`Remove action ${a.text}`}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      {props.canEdit && (
        <form onSubmit={submit} className="mt-1 flex flex-wrap gap-2">
          <input
            className={`${input} flex-1`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Action…"
            aria-label="New action"
            data-testid="action-input"
          />
          <input
            className={`${input} w-28`}
            list="refinement-owners"
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
            placeholder="Owner"
            aria-label="Owner"
            data-testid="action-owner"
          />
          <input type="date" className={input} value={due} onChange={(e) => setDue(e.target.value)} aria-label="Due date" />
          <button type="submit" className={btnSecondary} data-testid="action-add">
            Add
          </button>
        </form>
      )}
    </section>
  );
}

export function DecisionsSection(props: {
  decisions: Decision[];
  canEdit: boolean;
  onAdd: (text: string) => void;
  onRemove: (id: string) => void;
}) {
  return (
    <section aria-labelledby="decisions-heading" data-testid="decisions">
      <h3 id="decisions-heading" className={sectionTitle}>
        Architecture and design decisions
      </h3>
      <ul className="mt-1 space-y-1">
        {props.decisions.map((d) => (
          <li key={d.id} className="flex gap-2 text-sm" data-testid="decision">
            <span>{d.text}</span>
            <span className={hint}>{d.by && `— ${d.by}`}</span>
            {props.canEdit && (
              <button
                type="button"
                className={`${hint} ml-auto`}
                onClick={() => props.onRemove(d.id)}
                aria-label={`Remove decision ${d.text}`}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      {props.canEdit && <AddForm label="New decision" placeholder="We decided…" onAdd={props.onAdd} testId="decision" />}
    </section>
  );
}
