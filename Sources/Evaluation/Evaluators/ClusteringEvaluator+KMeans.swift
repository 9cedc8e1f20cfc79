import Foundation
import Tensors

extension ClusteringEvaluator {
    /// Full-batch k-means on Double rows, following scikit-learn's `KMeans(algorithm="lloyd", n_init=1)` step by step.
    enum KMeans {
        /// The result of Lloyd's iterations.
        struct Fit {
            /// The cluster of every row. [N]
            var labels: [Int]
            /// The final centres. [K, D], row-major
            var centres: [Double]
            /// Lloyd iterations run.
            var iterations: Int
        }

        /// Greedy k-means++ seeding as scikit-learn's `_kmeans_plusplus`: the first centre uniformly, then for
        /// each further centre `2 + ⌊ln k⌋` candidates drawn in proportion to their squared distance from the
        /// nearest centre so far, keeping the candidate that most lowers the total. [K, D], row-major
        static func plusPlusCentres(
            _ x: [Double], count n: Int, dimension d: Int, k: Int, using random: inout Xoshiro256StarStar
        ) -> [Double] {
            func uniform() -> Double { Double(random.next() >> 11) * 0x1p-53 }
            func squaredDistances(to row: Int) -> [Double] {
                x.withUnsafeBufferPointer { p in
                    let c = p.baseAddress! + row * d
                    return (0..<n).map { i in
                        let xi = p.baseAddress! + i * d
                        var s = 0.0
                        for t in 0..<d { let diff = xi[t] - c[t]; s += diff * diff }
                        return s
                    }
                }
            }
            let trials = 2 + Int(log(Double(k)))
            var chosen = [Int(random.next(below: UInt64(n)))]
            var closest = squaredDistances(to: chosen[0])
            var potential = closest.reduce(0, +)
            while chosen.count < k {
                var cumulative = closest
                for i in 1..<n { cumulative[i] += cumulative[i - 1] }
                var best: (id: Int, potential: Double, distances: [Double])?
                for _ in 0..<trials {
                    // np.searchsorted (left): the first index whose cumulative sum reaches the draw.
                    let target = uniform() * potential
                    var lo = 0, hi = n
                    while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < target { lo = mid + 1 } else { hi = mid } }
                    let id = min(lo, n - 1)
                    let distances = zip(closest, squaredDistances(to: id)).map { min($0, $1) }
                    let total = distances.reduce(0, +)
                    if best == nil || total < best!.potential { best = (id, total, distances) }
                }
                chosen.append(best!.id)
                closest = best!.distances
                potential = best!.potential
            }
            return chosen.flatMap { x[($0 * d)..<($0 * d + d)] }
        }

        /// Lloyd's iterations from `centres` [K, D] as scikit-learn's `_kmeans_single_lloyd`: stop when no label
        /// changes, or when the squared centre shifts sum to at most `1e-4 ×` the mean per-feature variance
        /// (then relabel with the final centres); an emptied cluster takes the point farthest from its centre.
        static func lloyd(_ x: [Double], count n: Int, dimension d: Int, centres initial: [Double], maxIterations: Int) -> Fit {
            let k = initial.count / d
            var mean = [Double](repeating: 0, count: d)
            for i in 0..<n { for t in 0..<d { mean[t] += x[i * d + t] } }
            for t in 0..<d { mean[t] /= Double(n) }
            var variance = 0.0
            for i in 0..<n { for t in 0..<d { let v = x[i * d + t] - mean[t]; variance += v * v } }
            let tolerance = variance / Double(n) / Double(d) * 1e-4

            var centres = initial
            var labels = [Int](repeating: -1, count: n)
            var previous = labels
            var iterations = 0
            var strict = false
            for _ in 0..<maxIterations {
                iterations += 1
                labels = assign(x, count: n, dimension: d, centres: centres)
                var sums = [Double](repeating: 0, count: k * d)
                var sizes = [Double](repeating: 0, count: k)
                for i in 0..<n {
                    let c = labels[i]
                    sizes[c] += 1
                    for t in 0..<d { sums[c * d + t] += x[i * d + t] }
                }
                let empty = (0..<k).filter { sizes[$0] == 0 }
                if !empty.isEmpty {
                    let far = (0..<n).map { i -> Double in
                        var s = 0.0
                        for t in 0..<d { let v = x[i * d + t] - centres[labels[i] * d + t]; s += v * v }
                        return s
                    }
                    let farthest = (0..<n).sorted { far[$0] > far[$1] }
                    for (cluster, i) in zip(empty, farthest) {
                        let old = labels[i]
                        for t in 0..<d {
                            sums[old * d + t] -= x[i * d + t]
                            sums[cluster * d + t] = x[i * d + t]
                        }
                        sizes[cluster] = 1
                        sizes[old] -= 1
                    }
                }
                var shift = 0.0
                for c in 0..<k where sizes[c] > 0 {
                    for t in 0..<d {
                        let v = sums[c * d + t] / sizes[c]
                        shift += (v - centres[c * d + t]) * (v - centres[c * d + t])
                        centres[c * d + t] = v
                    }
                }
                if labels == previous { strict = true; break }
                if shift <= tolerance { break }
                previous = labels
            }
            if !strict { labels = assign(x, count: n, dimension: d, centres: centres) }
            return Fit(labels: labels, centres: centres, iterations: iterations)
        }

        /// The nearest centre of every row (the first on a tie), by `||c||² − 2·x·c`.
        static func assign(_ x: [Double], count n: Int, dimension d: Int, centres: [Double]) -> [Int] {
            let k = centres.count / d
            return x.withUnsafeBufferPointer { xp in
                centres.withUnsafeBufferPointer { cp in
                    let norms = (0..<k).map { c in
                        var s = 0.0
                        for t in 0..<d { s += cp[c * d + t] * cp[c * d + t] }
                        return s
                    }
                    return (0..<n).map { i in
                        let xi = xp.baseAddress! + i * d
                        var best = 0, bestDistance = Double.infinity
                        for c in 0..<k {
                            let ci = cp.baseAddress! + c * d
                            var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
                            var t = 0
                            while t + 4 <= d {
                                a0 += xi[t] * ci[t]; a1 += xi[t + 1] * ci[t + 1]
                                a2 += xi[t + 2] * ci[t + 2]; a3 += xi[t + 3] * ci[t + 3]
                                t += 4
                            }
                            while t < d { a0 += xi[t] * ci[t]; t += 1 }
                            let distance = norms[c] - 2 * ((a0 + a1) + (a2 + a3))
                            if distance < bestDistance { bestDistance = distance; best = c }
                        }
                        return best
                    }
                }
            }
        }
    }
}
