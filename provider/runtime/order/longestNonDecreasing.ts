/**
 * The indexes of one longest non-decreasing subsequence of `values` (patience sorting, O(n log n)). The stages on it
 * are already in order relative to each other (equal declared positions are in order either way), so only the
 * others need to move: the fewest moves there are.
 */
export function longestNonDecreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  values.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = tails[mid] ?? 0;
      if ((values[at] ?? 0) <= v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1] ?? -1;
    tails[lo] = i;
  });
  const out = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i] ?? -1) out.add(i);
  return out;
}
