/**
 * DominatorShapes: equal successor lists share one tree, whose answers are
 * those of a tree built for them; a graph that differs in any list gets its
 * own; the table keeps working past its bound.
 */
import test from "ava";
import { type BlockId, computeDominatorsOfGraph } from "@fzy/ir";
import { DominatorShapes } from "./dominator-shapes.js";

const line = (n: number): BlockId[][] => Array.from({ length: n }, (_, b) => (b + 1 < n ? [(b + 1) as BlockId] : []));
const diamond = (): BlockId[][] => [[1, 2], [3], [3], []] as BlockId[][];

test("equal graphs share one tree with the answers of a tree built for them", (t) => {
  const shapes = new DominatorShapes();
  const a = shapes.treeOf(line(21)), b = shapes.treeOf(line(21));
  t.is(a, b);
  const d = shapes.treeOf(diamond()), fresh = computeDominatorsOfGraph(diamond());
  t.deepEqual(d.rpo, fresh.rpo);
  for (let x = 0; x < 4; x++) t.is(d.idom(x as BlockId), fresh.idom(x as BlockId));
  t.is(d.idom(3 as BlockId), 0 as BlockId);
});

test("graphs differing in one successor, in a list's length or in their size get trees of their own", (t) => {
  const shapes = new DominatorShapes();
  const d = shapes.treeOf(diamond());
  t.not(shapes.treeOf([[2, 1], [3], [3], []] as BlockId[][]), d);
  t.not(shapes.treeOf([[1, 2], [3], [3, 1], []] as BlockId[][]), d);
  t.not(shapes.treeOf(line(20)), shapes.treeOf(line(21)));
  t.is(shapes.treeOf(diamond()), d);
  shapes.clear();
  t.not(shapes.treeOf(diamond()), d);
});

test("past its bound the table starts again and still answers right", (t) => {
  const shapes = new DominatorShapes();
  // Lines of 2..62 blocks with an extra edge from block k back to 0: over a thousand shapes.
  for (let n = 2; n < 63; n++) {
    for (let k = 0; k < n; k++) {
      const g = line(n);
      g[k] = [...g[k]!, 0 as BlockId];
      const tree = shapes.treeOf(g);
      t.deepEqual(tree.rpo, computeDominatorsOfGraph(g).rpo);
    }
  }
  t.is(shapes.treeOf(line(5)), shapes.treeOf(line(5)));
});
