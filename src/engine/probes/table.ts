/**
 * A snapshot is a record of the requested probes' outputs. Each session kind keeps a table of its
 * probes, keyed by the SnapshotRequest field that asks for them; a probe is a function of the
 * session's state (its `context`) and the request's value, returning its part of the snapshot.
 *
 * The table's order is the order in which probes run. Where probes share a random stream, that
 * order is part of the reproducibility contract (like the order of the forks of a seed).
 */
import type { Snapshot, SnapshotRequest } from '../types';

/** One probe: the request's value (set: true, a positive number, a grid) in, its outputs out. */
export type Probe<C, K extends keyof SnapshotRequest> = (context: C, value: NonNullable<SnapshotRequest[K]>) => Partial<Snapshot> | undefined;

/** A kind's probes, keyed by the request field that asks for each. */
export type ProbeTable<C> = { [K in keyof SnapshotRequest]?: Probe<C, K> };

/** Whether a request field asks for its probe: true, a number above 0, or a grid. */
export function isRequested(value: unknown): boolean {
  return typeof value === 'number' ? value > 0 : Boolean(value);
}

/** Run every requested probe of the table, in the table's order, and merge its outputs into `snapshot`. */
export function runProbes<C>(table: ProbeTable<C>, request: SnapshotRequest, context: C, snapshot: Snapshot): Snapshot {
  for (const name of Object.keys(table) as (keyof SnapshotRequest)[]) {
    const value = request[name];
    if (isRequested(value)) Object.assign(snapshot, (table[name] as Probe<C, typeof name>)(context, value as never));
  }
  return snapshot;
}
