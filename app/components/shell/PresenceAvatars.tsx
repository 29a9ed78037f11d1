import { initials } from '@/lib/client/identity';
import { type Participant, type Role, ROLE_NAME } from '@/lib/session/roles';

const ROLE_MARK: Record<Role, string> = { facilitator: 'F', participant: '', spectator: 'P' };

/**
 * Names in the order of their lower-cased code units, then as typed, so every page shows the
 * same people first ("Ann" and "ann" in one order everywhere). Not `localeCompare`: its first
 * call in a page loads ICU's collation data (15–34 ms measured in Chromium), and the avatars
 * render in the live board's first commit, on the way to the live list (issue 15). The price:
 * an accented initial sorts after "z".
 */
function compareCodeUnits(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
function byName(a: string, b: string): number {
  return compareCodeUnits(a.toLowerCase(), b.toLowerCase()) || compareCodeUnits(a, b);
}

/** One entry per person (several tabs of one person collapse into one avatar). */
function uniquePeople(roster: Participant[]): Participant[] {
  const seen = new Map<string, Participant>();
  for (const person of roster) {
    const key = `${person.name}\u0000${person.color}\u0000${person.role}`;
    if (!seen.has(key)) seen.set(key, person);
  }
  const order: Record<Role, number> = { facilitator: 0, participant: 1, spectator: 2 };
  return [...seen.values()].sort((a, b) => order[a.role] - order[b.role] || byName(a.name, b.name));
}

export function PresenceAvatars({ roster, selfId, max = 6 }: { roster: Participant[]; selfId: string | null; max?: number }) {
  const people = uniquePeople(roster);
  const shown = people.slice(0, max);
  const hidden = people.length - shown.length;
  return (
    <ul className="flex items-center -space-x-2" aria-label={`${people.length} here`} data-testid="presence">
      {shown.map((person) => {
        const label = `${person.name}${person.clientId === selfId ? ' (you)' : ''}, ${ROLE_NAME[person.role]}`;
        return (
          <li key={person.clientId} className="relative" title={label} data-testid="presence-avatar" data-role={person.role}>
            <span
              className="flex h-8 w-8 items-center justify-center rounded-full text-xs font-bold text-white ring-2 ring-white dark:ring-slate-950"
              style={{ backgroundColor: person.color }}
              aria-hidden="true"
            >
              {initials(person.name)}
            </span>
            <span className="sr-only">{label}</span>
            {ROLE_MARK[person.role] && (
              <span
                aria-hidden="true"
                className="absolute -right-0.5 -bottom-0.5 flex h-3.5 w-3.5 items-center justify-center rounded-full bg-slate-900 text-[9px] font-bold text-white ring-1 ring-white dark:bg-white dark:text-slate-900 dark:ring-slate-950"
              >
                {ROLE_MARK[person.role]}
              </span>
            )}
          </li>
        );
      })}
      {hidden > 0 && (
        <li className="flex h-8 min-w-8 items-center justify-center rounded-full bg-slate-200 px-1.5 text-xs font-semibold text-slate-800 ring-2 ring-white dark:bg-slate-700 dark:text-slate-100 dark:ring-slate-950">
          +{hidden}
        </li>
      )}
    </ul>
  );
}
