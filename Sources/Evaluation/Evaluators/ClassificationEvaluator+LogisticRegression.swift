import Foundation

extension ClassificationEvaluator {
    /// scikit-learn's `LogisticRegression()` (lbfgs, L2, with intercept) fitted to convergence, in Double.
    ///
    /// It minimises scikit-learn's objective `mean_i loss_i + ||W||² / (2·C·n)` (intercepts unpenalised). With
    /// three or more classes the loss is the softmax cross-entropy over one weight row and intercept per class
    /// (K × (D + 1) parameters, started at zero as scikit-learn does, so the intercepts keep summing to
    /// zero); with two it is the binary logistic loss of one row for `classes[1]`. Classes are the
    /// distinct training labels in numpy's order; `predict` takes the first class of highest score (the
    /// positive class where its score is > 0, for two).
    struct LogisticRegression {
        /// The distinct training labels, sorted.
        let classes: [String]
        /// One weight row per class (one row for two classes). [K or 1, D]
        let coefficients: [[Double]]
        /// One intercept per row.
        let intercepts: [Double]
        /// L-BFGS iterations used.
        let iterations: Int

        /// Fits on rows `x` [N, D] labelled `labels`.
        init(x: [[Double]], labels: [String], inverseRegularization c: Double = 1, gradientTolerance: Double = 1e-10, maxIterations: Int = 10_000) {
            let classes = ClassificationEvaluator.sortedLabels(labels)
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, $0.offset) })
            let y = labels.map { index[$0]! }
            let n = x.count, d = x.first?.count ?? 0
            let rows = classes.count == 2 ? 1 : classes.count
            let flat = x.flatMap { $0 } // [N, D]
            let lambda = 1 / (c * Double(n))
            let objective = Objective(x: flat, y: y, n: n, d: d, rows: rows, lambda: lambda)
            let (theta, iterations) = LBFGS.minimize(
                parameters: rows * (d + 1), tolerance: gradientTolerance, maxIterations: maxIterations, objective.valueAndGradient)
            self.classes = classes
            coefficients = (0..<rows).map { Array(theta[($0 * d)..<($0 * d + d)]) }
            intercepts = Array(theta[(rows * d)...])
            self.iterations = iterations
        }

        /// The scores of each class for row `x` [D] (one score, for `classes[1]`, with two classes).
        func decision(_ x: [Double]) -> [Double] {
            zip(coefficients, intercepts).map { w, b in
                var s = b
                for t in 0..<x.count { s += w[t] * x[t] }
                return s
            }
        }

        /// The predicted label of every row of `x` [N, D].
        func predict(_ x: [[Double]]) -> [String] {
            x.map { row in
                let z = decision(row)
                if z.count == 1 { return classes[z[0] > 0 ? 1 : 0] }
                var best = 0
                for k in 1..<z.count where z[k] > z[best] { best = k }
                return classes[best]
            }
        }
    }

    /// The penalised log-loss of scikit-learn's lbfgs solver and its gradient.
    private struct Objective {
        let x: [Double] // [N, D]
        let y: [Int]
        let n: Int, d: Int, rows: Int
        let lambda: Double

        /// Value and gradient at `theta` = [W (rows × D, row-major), b (rows)].
        func valueAndGradient(_ theta: [Double]) -> (Double, [Double]) {
            var gradient = [Double](repeating: 0, count: theta.count)
            var loss = 0.0
            var z = [Double](repeating: 0, count: rows)
            x.withUnsafeBufferPointer { xp in
                theta.withUnsafeBufferPointer { tp in
                    gradient.withUnsafeMutableBufferPointer { gp in
                        for i in 0..<n {
                            let xi = xp.baseAddress! + i * d
                            for k in 0..<rows {
                                let w = tp.baseAddress! + k * d
                                var s = tp[rows * d + k]
                                for t in 0..<d { s += w[t] * xi[t] }
                                z[k] = s
                            }
                            if rows == 1 {
                                // Half binomial loss log(1 + e^z) − y·z, computed stably.
                                let zi = z[0], target = y[i] == 1 ? 1.0 : 0.0
                                loss += (zi > 0 ? zi + log1p(exp(-zi)) : log1p(exp(zi))) - target * zi
                                let r = 1 / (1 + exp(-zi)) - target
                                for t in 0..<d { gp[t] += r * xi[t] }
                                gp[d] += r
                            } else {
                                let m = z.max()!
                                var sum = 0.0
                                for k in 0..<rows { sum += exp(z[k] - m) }
                                loss += m + log(sum) - z[y[i]]
                                for k in 0..<rows {
                                    let r = exp(z[k] - m) / sum - (k == y[i] ? 1 : 0)
                                    let g = gp.baseAddress! + k * d
                                    for t in 0..<d { g[t] += r * xi[t] }
                                    gp[rows * d + k] += r
                                }
                            }
                        }
                    }
                }
            }
            var penalty = 0.0
            for j in 0..<(rows * d) {
                penalty += theta[j] * theta[j]
                gradient[j] = gradient[j] / Double(n) + lambda * theta[j]
            }
            for j in (rows * d)..<theta.count { gradient[j] /= Double(n) }
            return (loss / Double(n) + 0.5 * lambda * penalty, gradient)
        }
    }
}
