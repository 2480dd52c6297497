/**
 * Pairwise precision and recall of a clustering against labels: a predicted pair is two rows
 * in one master, a true pair two rows of one provider.
 */
export interface PairMetrics {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
}

/** `clusterOf` and `entityOf` map each row id to its predicted cluster and its true entity. */
export function pairMetrics(
  clusterOf: ReadonlyMap<number, string>,
  entityOf: ReadonlyMap<number, number>,
): PairMetrics {
  const truePairs = countPairs(groupSizes(entityOf));
  const predictedPairs = countPairs(groupSizes(clusterOf));
  const both = new Map<string, number>();
  for (const [row, cluster] of clusterOf) {
    const key = `${cluster}|${entityOf.get(row)}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  const correctPairs = countPairs(both);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}

function groupSizes<K>(of: ReadonlyMap<number, K>): Map<K, number> {
  const out = new Map<K, number>();
  for (const v of of.values()) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

function countPairs(sizes: ReadonlyMap<unknown, number>): number {
  let n = 0;
  for (const s of sizes.values()) n += (s * (s - 1)) / 2;
  return n;
}
