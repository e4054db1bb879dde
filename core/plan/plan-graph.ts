// The plan's order as a graph, like pg-schema-diff's sql_graph: every step says which object keys
// it creates, drops and needs; edges follow from those sets, and a topological sort with a stable
// tie-break (the old phase rank, then insertion order) gives one deterministic order. Pure: no I/O.
//
// The rules, for an object key K:
//  1. every step that drops K runs before every step that creates K (drop the old, then make the new);
//     a step that drops and creates K replaces it in place and runs after the plain creations;
//  2. a step that needs K runs after every step that creates K; if no step creates K but one drops
//     it, the step runs before the drop (it uses K while it still exists);
//  3. a step that drops K runs before any step that drops something K depends on in the live
//     database (reverse dependency order: the foreign key goes before the table it references);
//  4. steps about the same object (one objectKey) keep their tie-break order, and steps of one
//     transaction group stay together (the executor commits a group as one unit).
// Cycles are not broken here: the planner breaks foreign-key cycles on purpose (separate FK steps),
// so a cycle reaching this module is a planner bug and fails loudly, naming the steps.

export interface GraphStep {
  objectKey: string;
  description: string;
  group: string;
  creates: readonly string[];
  drops: readonly string[];
  needs: readonly string[];
}

/** A step with its tie-break: lower rank first, then lower seq (insertion order). */
export interface RankedStep<S extends GraphStep> {
  step: S;
  rank: number;
  seq: number;
}

/** Live dependencies: object key -> keys of the objects it depends on (from the model and pg_depend). */
export type LiveDependencies = ReadonlyMap<string, readonly string[]>;

export class PlanCycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(
      `the plan's steps depend on each other in a cycle (a planner bug, please report it):\n` +
        cycle.map((d) => `  - ${d}`).join("\n"),
    );
    this.name = "PlanCycleError";
  }
}

interface Node<S extends GraphStep> {
  /** Members in tie-break order; one unless the steps share a transaction group. */
  members: Array<RankedStep<S>>;
  rank: number;
  seq: number;
  out: number[];
  inDegree: number;
}

const before = (a: { rank: number; seq: number }, b: { rank: number; seq: number }) =>
  a.rank - b.rank || a.seq - b.seq;

/** A binary min-heap of node ids by tie-break, so the sort is O((V + E) log V). */
class NodeHeap {
  private readonly ids: number[] = [];
  constructor(private readonly less: (a: number, b: number) => boolean) {}
  get size(): number {
    return this.ids.length;
  }
  push(id: number): void {
    const a = this.ids;
    a.push(id);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): number {
    const a = this.ids;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

function collect(index: Map<string, number[]>, key: string, node: number): void {
  const list = index.get(key);
  if (!list) index.set(key, [node]);
  else if (list[list.length - 1] !== node) list.push(node);
}

/** The steps in dependency order. Throws PlanCycleError if the declared sets contradict each other. */
export function orderSteps<S extends GraphStep>(
  entries: ReadonlyArray<RankedStep<S>>,
  live: LiveDependencies = new Map(),
): S[] {
  const sorted = [...entries].sort(before);
  const nodes: Array<Node<S>> = [];
  const nodeOfGroup = new Map<string, number>();
  const nodeOf: number[] = [];
  sorted.forEach((e, i) => {
    let id = nodeOfGroup.get(e.step.group);
    if (id === undefined) {
      id = nodes.length;
      nodes.push({ members: [], rank: e.rank, seq: e.seq, out: [], inDegree: 0 });
      nodeOfGroup.set(e.step.group, id);
    }
    nodes[id].members.push(e);
    nodeOf[i] = id;
  });

  const creators = new Map<string, number[]>();
  const droppers = new Map<string, number[]>();
  sorted.forEach((e, i) => {
    for (const k of e.step.creates) collect(creators, k, nodeOf[i]);
    for (const k of e.step.drops) collect(droppers, k, nodeOf[i]);
  });
  // One number per edge (from * count + to): a Set of numbers is far cheaper than a Set per node.
  const edges = new Set<number>();
  const edge = (from: number, to: number) => {
    const id = from * nodes.length + to;
    if (from === to || edges.has(id)) return;
    edges.add(id);
    nodes[from].out.push(to);
    nodes[to].inDegree++;
  };

  // 1. drops of a key before its creations; a step that drops and creates the same key replaces
  // it in place (a column type change): it runs after the key's plain creations (a rename to it)
  const replaces = (id: number, key: string) =>
    nodes[id].members.some((m) => m.step.drops.includes(key) && m.step.creates.includes(key));
  for (const [key, drops] of droppers) {
    const made = creators.get(key) ?? [];
    const inPlace = drops.filter((d) => replaces(d, key));
    for (const d of drops) {
      if (inPlace.includes(d)) continue;
      for (const c of made) edge(d, c);
    }
    for (const a of inPlace) for (const c of made) if (!inPlace.includes(c)) edge(c, a);
  }
  const lastOfObject = new Map<string, number>();
  sorted.forEach((e, i) => {
    const id = nodeOf[i];
    // 2. needs
    for (const k of e.step.needs) {
      const made = creators.get(k);
      if (made) for (const c of made) edge(c, id);
      else for (const d of droppers.get(k) ?? []) edge(id, d);
    }
    // 3. reverse dependency order of drops
    for (const k of e.step.drops) {
      for (const dependency of live.get(k) ?? []) {
        if (e.step.drops.includes(dependency)) continue;
        for (const d of droppers.get(dependency) ?? []) edge(id, d);
      }
    }
    // 4. one object's steps keep their order
    const previous = lastOfObject.get(e.step.objectKey);
    if (previous !== undefined) edge(previous, id);
    lastOfObject.set(e.step.objectKey, id);
  });

  const heap = new NodeHeap((a, b) => before(nodes[a], nodes[b]) < 0);
  nodes.forEach((n, id) => {
    if (n.inDegree === 0) heap.push(id);
  });
  const out: S[] = [];
  let emitted = 0;
  while (heap.size) {
    const id = heap.pop();
    emitted++;
    for (const m of nodes[id].members) out.push(m.step);
    for (const next of nodes[id].out) if (--nodes[next].inDegree === 0) heap.push(next);
  }
  if (emitted < nodes.length) throw new PlanCycleError(describeCycle(nodes));
  return out;
}

/** One cycle among the nodes left unsorted, as step descriptions, for the error message. */
function describeCycle<S extends GraphStep>(nodes: Array<Node<S>>): string[] {
  const left = new Set(nodes.map((n, id) => (n.inDegree > 0 ? id : -1)).filter((id) => id >= 0));
  let id = [...left][0];
  const path: number[] = [];
  const seen = new Map<number, number>();
  while (!seen.has(id)) {
    seen.set(id, path.length);
    path.push(id);
    id = nodes[id].out.find((n) => left.has(n)) ?? id;
  }
  return path.slice(seen.get(id)).map((n) => nodes[n].members.map((m) => m.step.description).join(" + "));
}

/**
 * Strongly connected components with more than one member (Tarjan), for breaking foreign-key cycles
 * on purpose: `edges` maps a node to the nodes it references. Deterministic for a given input order.
 */
export function cycles(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const members = new Set(nodes);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const strongConnect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        if (!members.has(w)) continue;
        strongConnect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.reverse());
    }
  };
  for (const v of nodes) if (!index.has(v)) strongConnect(v);
  return out;
}
