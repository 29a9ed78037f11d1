import { NewBoardForm } from './components/home/NewBoardForm';

export default function HomePage() {
  return (
    <main className="mx-auto max-w-2xl px-4 py-12">
      <h1 className="text-3xl font-bold tracking-tight">Refinery</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">
        Refine your product backlog together, live: vision, roadmap, tail, new items, estimates, sorting, splitting, dependencies and the
        Ready check, on one board everyone sees at once.
      </p>
      <NewBoardForm />
    </main>
  );
}
