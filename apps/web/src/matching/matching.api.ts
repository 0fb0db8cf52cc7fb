import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client';
import type {
  CatalogueView,
  CloseNeedDto,
  CreateNeedDto,
  DeclineMatchDto,
  InvitationOfMatchListView,
  MatchStatus,
  MatchView,
  NeedKind,
  NeedStatus,
  NeedView,
  Page,
  PublicVolunteerProfileView,
  RunStartedView,
  RunView,
  StartRunDto,
  UpdateVolunteerProfileDto,
  VolunteerProfileView,
} from '@goodloop/contracts';

// Matching's and volunteer profiles' shapes (@goodloop/contracts, matching/http.v1.ts and
// volunteers/profile.v1.ts), as types only.
export type {
  CatalogueView,
  CreateNeedDto,
  InvitationOfMatchView,
  MatchSideAnswer,
  MatchStatus,
  MatchView,
  NeedKind,
  NeedStatus,
  NeedView,
  PublicVolunteerProfileView,
  RunStatus,
  RunView,
  ScorePartsView,
  SkillView,
  UpdateVolunteerProfileDto,
  VolunteerProfileView,
  WeeklySlotDto,
} from '@goodloop/contracts';

export const NEED_KINDS = ['item', 'skill'] as const satisfies readonly NeedKind[];
export const NEED_STATUSES = ['open', 'met', 'closed', 'expired'] as const satisfies readonly NeedStatus[];
export const MATCH_STATUSES = [
  'proposed',
  'accepted',
  'allocated',
  'short',
  'declined',
  'superseded',
] as const satisfies readonly MatchStatus[];

/** The API's bounds for a need (CreateNeedDto), a decline or close reason, a run and a profile. */
export const NEED_LIMITS = {
  titleMax: 120,
  descriptionMax: 2000,
  quantityMax: 100_000,
  unitMax: 20,
  addressMax: 200,
  neighbourhoodMax: 60,
  reasonMax: 500,
  runDistanceMin: 1,
  runDistanceMax: 100,
  reachMin: 1,
  reachMax: 50,
  slotsMax: 28,
} as const;

export function isNeedKind(value: string | null | undefined): value is NeedKind {
  return (NEED_KINDS as readonly (string | null | undefined)[]).includes(value);
}

export function isNeedStatus(value: string | null | undefined): value is NeedStatus {
  return (NEED_STATUSES as readonly (string | null | undefined)[]).includes(value);
}

export function isMatchStatus(value: string | null | undefined): value is MatchStatus {
  return (MATCH_STATUSES as readonly (string | null | undefined)[]).includes(value);
}

export interface NeedFilters {
  kind?: NeedKind;
  category?: string;
  status?: NeedStatus;
  /** `lat,lng,km`: only needs within km of the point, nearest first. */
  near?: string;
  orgId?: string;
}

export interface MatchFilters {
  runId?: string;
  needId?: string;
  status?: MatchStatus;
}

const PAGE_SIZE = 20;

export const matchingKeys = {
  all: ['matching'] as const,
  catalogue: ['matching', 'catalogue'] as const,
  needs: (filters: NeedFilters) => ['matching', 'needs', filters] as const,
  need: (id: string) => ['matching', 'need', id] as const,
  matches: (filters: MatchFilters) => ['matching', 'matches', filters] as const,
  runs: ['matching', 'runs'] as const,
  run: (id: string) => ['matching', 'run', id] as const,
};

export const profileKeys = {
  all: ['volunteer-profile'] as const,
  mine: ['volunteer-profile', 'mine'] as const,
  invitations: ['volunteer-profile', 'invitations'] as const,
  of: (userId: string) => ['volunteer-profile', 'user', userId] as const,
};

/** Item categories, skills and beneficiary groups with their names: they change with a release, not a visit. */
export function useCatalogue() {
  return useQuery({
    queryKey: matchingKeys.catalogue,
    queryFn: ({ signal }) => apiRequest<CatalogueView>('/matching/catalogue', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
}

export function useNeeds(filters: NeedFilters) {
  return useInfiniteQuery({
    queryKey: matchingKeys.needs(filters),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<NeedView>>('/needs', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useNeed(id: string) {
  return useQuery({
    queryKey: matchingKeys.need(id),
    queryFn: ({ signal }) => apiRequest<NeedView>(`/needs/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useCreateNeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: CreateNeedDto; idempotencyKey: string }) =>
      apiRequest<NeedView>('/needs', { method: 'POST', body: input.body, idempotencyKey: input.idempotencyKey }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: matchingKeys.all }),
  });
}

export function useCloseNeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; body: CloseNeedDto }) =>
      apiRequest<NeedView>(`/needs/${encodeURIComponent(input.id)}/close`, { method: 'POST', body: input.body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: matchingKeys.all }),
  });
}

/** A match waits for donations to set its stock aside: the list is read again until it has. */
function awaitsAllocation(match: MatchView): boolean {
  return match.status === 'accepted' && match.kind === 'item';
}

/**
 * The matches I answer for (without `runId`), or a run's (staff). Read again every 3 s while an
 * accepted item match waits for its allocation, so "allocated" or "short" shows without a reload.
 */
export function useMatches(filters: MatchFilters, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: matchingKeys.matches(filters),
    enabled: options.enabled ?? true,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<MatchView>>('/matches', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(awaitsAllocation)) ? 3_000 : false),
  });
}

/** Accept or decline my side of a match; the need's numbers and the lists change with it. */
export function useAnswerMatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; answer: 'accept' } | { id: string; answer: 'decline'; body: DeclineMatchDto }) =>
      apiRequest<MatchView>(`/matches/${encodeURIComponent(input.id)}/${input.answer}`, {
        method: 'POST',
        ...(input.answer === 'decline' ? { body: input.body } : {}),
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: matchingKeys.all }),
        queryClient.invalidateQueries({ queryKey: profileKeys.invitations }),
      ]),
  });
}

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: StartRunDto; idempotencyKey: string }) =>
      apiRequest<RunStartedView>('/matching/runs', { method: 'POST', body: input.body, idempotencyKey: input.idempotencyKey }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: matchingKeys.runs }),
  });
}

function isUnderWay(run: RunView | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/** Runs, newest first; read again every 2 s while one of them is under way. */
export function useRuns() {
  return useInfiniteQuery({
    queryKey: matchingKeys.runs,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Page<RunView>>('/matching/runs', { query: { limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(isUnderWay)) ? 2_000 : false),
  });
}

/** One run, read every second while it is queued or running (its stage and progress move). */
export function useRun(id: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: matchingKeys.run(id ?? ''),
    enabled: id !== undefined,
    queryFn: async ({ signal }) => {
      const run = await apiRequest<RunView>(`/matching/runs/${encodeURIComponent(id ?? '')}`, { signal });
      // Finished: the list and the run's matches are worth reading again.
      if (!isUnderWay(run)) {
        void queryClient.invalidateQueries({ queryKey: matchingKeys.runs });
        void queryClient.invalidateQueries({ queryKey: matchingKeys.matches({ runId: run.id }) });
      }
      return run;
    },
    refetchInterval: (query) => (isUnderWay(query.state.data) || !query.state.data ? 1_000 : false),
  });
}

export function useVolunteerProfile() {
  return useQuery({
    queryKey: profileKeys.mine,
    queryFn: ({ signal }) => apiRequest<VolunteerProfileView>('/me/volunteer-profile', { signal }),
  });
}

export function useSaveVolunteerProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateVolunteerProfileDto) =>
      apiRequest<VolunteerProfileView>('/me/volunteer-profile', { method: 'PUT', body }),
    onSuccess: (profile) => queryClient.setQueryData(profileKeys.mine, profile),
  });
}

export function useMatchInvitations() {
  return useQuery({
    queryKey: profileKeys.invitations,
    queryFn: ({ signal }) => apiRequest<InvitationOfMatchListView>('/me/match-invitations', { signal }),
  });
}

export function usePublicVolunteerProfile(userId: string) {
  return useQuery({
    queryKey: profileKeys.of(userId),
    queryFn: ({ signal }) =>
      apiRequest<PublicVolunteerProfileView>(`/users/${encodeURIComponent(userId)}/volunteer-profile`, { signal }),
  });
}

/** An organizer or foundation staff vouches for a skill a volunteer listed. */
export function useConfirmSkill() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; skill: string }) =>
      apiRequest<VolunteerProfileView>(
        `/users/${encodeURIComponent(input.userId)}/skills/${encodeURIComponent(input.skill)}/confirm`,
        { method: 'POST' },
      ),
    onSuccess: (_profile, input) => queryClient.invalidateQueries({ queryKey: profileKeys.of(input.userId) }),
  });
}
