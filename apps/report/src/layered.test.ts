import { describe, expect, it } from 'vitest';
import { drawnOrder, type GraphEdge, type GraphNode, layeredSvg, ranksOf } from './layered.js';
import { lineageGraph } from './site.js';

const node = (id: string, group: string): GraphNode => ({ id, label: id, group, color: '#000' });

describe('layered drawing', () => {
  it('should put each node after what it reads, a group after the one before', () => {
    const nodes = [node('a', 'one'), node('b', 'two'), node('c', 'two'), node('d', 'three')];
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'a', to: 'd' },
    ];
    expect(Object.fromEntries(ranksOf(nodes, edges))).toEqual({ a: 0, b: 1, c: 2, d: 3 });
    expect(Object.fromEntries(ranksOf(nodes, edges, 'group'))).toEqual({ a: 0, b: 1, c: 1, d: 2 });
    expect(() => ranksOf(nodes, [{ from: 'd', to: 'a' }])).toThrow(/d → a/);
  });

  it('should uncross what the given order crosses', () => {
    // a→d and b→c cross in the order given; swapping one column undoes it.
    const nodes = ['a', 'b', 'c', 'd'].map((id) => node(id, id < 'c' ? 'left' : 'right'));
    const edges = [
      { from: 'a', to: 'd' },
      { from: 'b', to: 'c' },
    ];
    const order = drawnOrder(nodes, edges);
    expect(order.crossings(order.given)).toBe(1);
    expect(order.crossings(order.drawn)).toBe(0);
  });

  it('should draw the lineage with fewer crossings than schema order, and no node left that one move within its column uncrosses', () => {
    const { nodes, edges } = lineageGraph();
    const order = drawnOrder(nodes, edges);
    const drawn = order.crossings(order.drawn);
    expect(drawn).toBeLessThan(order.crossings(order.given) / 10);
    for (const [r, column] of order.drawn.entries()) {
      for (const [from, id] of column.entries()) {
        for (let to = 0; to < column.length; to++) {
          const moved = column.filter((_, i) => i !== from);
          moved.splice(to, 0, id);
          const columns = order.drawn.map((c, k) => (k === r ? moved : c));
          expect(order.crossings(columns), `${id} to place ${to}`).toBeGreaterThanOrEqual(drawn);
        }
      }
    }
  });

  it('should draw each node once and each edge once, named for the tests that check its ends', () => {
    const { nodes, edges } = lineageGraph();
    const svg = layeredSvg(nodes, edges, { fontSize: 13, width: 1000, columns: 'path' }, 'x');
    expect(svg.match(/<g data-node=/g)).toHaveLength(nodes.length);
    const drawn = [...svg.matchAll(/<g data-edge="([^"]+)"/g)].map((m) => m[1]);
    expect(drawn.sort()).toEqual(edges.map((e: GraphEdge) => `${e.from} ${e.to}`).sort());
  });
});
