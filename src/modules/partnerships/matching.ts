// Pure matchmaking: scores a candidate partner against what a seeker looks for, and says why.
// Weights: a skill sought and offered 4, a local partner based where one is sought 5, co-financing sought and
// offered 4, a shared country 3, a shared theme 2 (a theme matches its parent and its sub-themes), a skill the
// seeker offers that the candidate seeks 2, a shared language 1.
import { findTheme } from '../taxonomy/themes.ts';

export interface Seeker {
  organisationId: string;
  countries: readonly string[];
  themes: readonly string[];
  seeksSkills: readonly string[];
  seeksCofunder: boolean;
  seeksLocalPartnerIn: readonly string[];
  offersSkills: readonly string[];
  languages: readonly string[];
}

export interface Candidate {
  organisationId: string;
  /** Head-office country. */
  country: string;
  countries: readonly string[];
  themes: readonly string[];
  offersSkills: readonly string[];
  offersCofinancing: boolean;
  seeksSkills: readonly string[];
  languages: readonly string[];
}

export type Reason =
  | { kind: 'works_in'; countries: string[]; themes: string[] }
  | { kind: 'offers_skills'; skills: string[] }
  | { kind: 'cofinancing' }
  | { kind: 'based_in'; country: string }
  | { kind: 'seeks_your_skills'; skills: string[] }
  | { kind: 'languages'; languages: string[] };

export interface Match {
  organisationId: string;
  score: number;
  reasons: Reason[];
}

const parentOf = (code: string): string | null => findTheme(code)?.parent ?? null;

/** Two themes match when equal, or one is the other's parent. */
export function themesMatch(a: string, b: string): boolean {
  return a === b || parentOf(a) === b || parentOf(b) === a;
}

const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

export function scoreCandidate(seeker: Seeker, candidate: Candidate): Match {
  const reasons: Reason[] = [];
  let score = 0;
  const candidateCountries = new Set([...candidate.countries, ...(candidate.country !== 'FR' ? [candidate.country] : [])]);
  const countries = unique(seeker.countries.filter((c) => candidateCountries.has(c)));
  const themes = unique(seeker.themes.filter((t) => candidate.themes.some((u) => themesMatch(t, u))));
  score += Math.min(countries.length, 3) * 3 + Math.min(themes.length, 4) * 2;
  if (countries.length || themes.length) reasons.push({ kind: 'works_in', countries, themes });
  const local = seeker.seeksLocalPartnerIn.find((c) => c === candidate.country && c !== 'FR');
  if (local) {
    score += 5;
    reasons.push({ kind: 'based_in', country: local });
  }
  const skills = unique(seeker.seeksSkills.filter((s) => candidate.offersSkills.includes(s)));
  if (skills.length) {
    score += skills.length * 4;
    reasons.push({ kind: 'offers_skills', skills });
  }
  if (seeker.seeksCofunder && candidate.offersCofinancing) {
    score += 4;
    reasons.push({ kind: 'cofinancing' });
  }
  const reverse = unique(seeker.offersSkills.filter((s) => candidate.seeksSkills.includes(s)));
  if (reverse.length) {
    score += reverse.length * 2;
    reasons.push({ kind: 'seeks_your_skills', skills: reverse });
  }
  const languages = unique(seeker.languages.filter((l) => candidate.languages.includes(l)));
  if (languages.length && score > 0) {
    score += 1;
    reasons.push({ kind: 'languages', languages });
  }
  return { organisationId: candidate.organisationId, score, reasons };
}

/** Candidates with something in common, best first (ties by id for a stable order); never the seeker itself. */
export function rankCandidates(seeker: Seeker, candidates: readonly Candidate[], limit = 20): Match[] {
  return candidates
    .filter((c) => c.organisationId !== seeker.organisationId)
    .map((c) => scoreCandidate(seeker, c))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.organisationId.localeCompare(b.organisationId))
    .slice(0, limit);
}
