/**
 * Lists of ids per id in two flat arrays (compressed sparse rows), for the
 * range analysis's dependency lists: no array per row.
 */

/** Lists of blocks per value in two flat arrays (compressed rows): no array per value. */
export class Adjacency {
  /** The blocks of row r are items[start[r] .. start[r + 1]). */
  readonly start: number[];
  readonly items: number[];

  constructor(n: number, edges: (add: (from: number, to: number) => void) => void) {
    const count = new Array<number>(n + 1).fill(0);
    edges((from) => { count[from + 1]!++; });
    for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
    this.start = count.slice();
    this.items = new Array<number>(count[n]!).fill(0);
    edges((from, to) => { this.items[count[from]!++] = to; });
  }
}
