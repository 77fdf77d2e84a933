/** Why two records or clusters were put together. */
export type LinkReason =
  | { readonly kind: 'deterministic'; readonly rule: string }
  | { readonly kind: 'score'; readonly probability: number }
  | { readonly kind: 'mustLink'; readonly actor: string };

/** What changed in a tenant's clusters: returned by every operation so the caller can audit and publish it. */
export type ClusterEvent =
  | { readonly type: 'created'; readonly goldenId: string; readonly recordKey: string }
  | { readonly type: 'joined'; readonly goldenId: string; readonly recordKey: string; readonly reason: LinkReason }
  | { readonly type: 'merged'; readonly survivor: string; readonly retired: string; readonly reason: LinkReason }
  | {
      readonly type: 'split';
      readonly goldenId: string;
      readonly newGoldenId: string;
      readonly recordKeys: readonly string[];
      readonly actor: string;
    }
  | { readonly type: 'mustLink' | 'cannotLink'; readonly a: string; readonly b: string; readonly actor: string }
  | { readonly type: 'updated'; readonly goldenId: string; readonly recordKey: string };

/** Everything a cluster store holds, as plain data for the service's database. */
export interface ClusterState {
  readonly clusters: readonly { readonly goldenId: string; readonly members: readonly string[] }[];
  readonly aliases: readonly (readonly [retired: string, survivor: string])[];
  readonly cannotLinks: readonly (readonly [string, string])[];
  readonly mustLinks: readonly (readonly [string, string])[];
}
