extension ClassificationEvaluator {
    /// Limited-memory BFGS with a backtracking Armijo line search, for smooth convex objectives (the
    /// logistic regression's), run until the gradient itself is tiny rather than until f stops changing.
    enum LBFGS {
        /// Minimises `f` from zero until the largest gradient component is at most `tolerance`, the line
        /// search can no longer decrease `f`, or `maxIterations` steps; returns the point and the steps taken.
        static func minimize(
            parameters count: Int, tolerance: Double, maxIterations: Int, memory: Int = 10,
            _ f: ([Double]) -> (Double, [Double])
        ) -> ([Double], Int) {
            var x = [Double](repeating: 0, count: count)
            var (value, gradient) = f(x)
            var s = [[Double]](), y = [[Double]](), rho = [Double]()
            func dot(_ a: [Double], _ b: [Double]) -> Double {
                var r = 0.0
                for i in 0..<a.count { r += a[i] * b[i] }
                return r
            }
            var iteration = 0
            while iteration < maxIterations, gradient.map(abs).max() ?? 0 > tolerance {
                iteration += 1
                // Two-loop recursion: direction = −H·g.
                var q = gradient
                var alpha = [Double](repeating: 0, count: s.count)
                for j in stride(from: s.count - 1, through: 0, by: -1) {
                    alpha[j] = rho[j] * dot(s[j], q)
                    for i in 0..<count { q[i] -= alpha[j] * y[j][i] }
                }
                let gamma = s.isEmpty ? 1 / max(gradient.map(abs).reduce(0, +), 1e-300) : dot(s.last!, y.last!) / dot(y.last!, y.last!)
                for i in 0..<count { q[i] *= gamma }
                for j in 0..<s.count {
                    let beta = rho[j] * dot(y[j], q)
                    for i in 0..<count { q[i] += (alpha[j] - beta) * s[j][i] }
                }
                var direction = q.map { -$0 }
                var slope = dot(direction, gradient)
                if slope >= 0 { // Not a descent direction: restart from steepest descent.
                    s.removeAll(); y.removeAll(); rho.removeAll()
                    direction = gradient.map { -$0 }
                    slope = dot(direction, gradient)
                }
                var step = 1.0
                var accepted = false
                for _ in 0..<60 {
                    let candidate = (0..<count).map { x[$0] + step * direction[$0] }
                    let (v, g) = f(candidate)
                    // Near the optimum f changes by less than its rounding; a step that keeps f within
                    // rounding and shrinks the gradient still makes progress.
                    let flat = abs(v - value) <= 1e-14 * max(1, abs(value))
                    if v <= value + 1e-4 * step * slope || (flat && dot(g, g) < dot(gradient, gradient)) {
                        let sk = (0..<count).map { candidate[$0] - x[$0] }
                        let yk = (0..<count).map { g[$0] - gradient[$0] }
                        let sy = dot(sk, yk)
                        if sy > 1e-300 {
                            s.append(sk); y.append(yk); rho.append(1 / sy)
                            if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
                        }
                        x = candidate; value = v; gradient = g
                        accepted = true
                        break
                    }
                    step *= 0.5
                }
                if !accepted { break }
            }
            return (x, iteration)
        }
    }
}
