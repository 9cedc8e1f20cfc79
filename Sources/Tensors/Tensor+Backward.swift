extension Tensor {
    /// Reverse-mode autodiff: the gradients of this scalar with respect to every leaf that requires them.
    ///
    /// `seed` is the gradient of the output (default 1 for a one-element tensor). The graph is consumed:
    /// each operation frees what it saved once its gradient has been propagated, so a second
    /// `backward()` through the same graph is a programming error.
    public func backward(seed: Tensor? = nil) -> Gradients {
        precondition(seed != nil || count == 1, "backward() without a seed needs a scalar, shape is \(shape)")
        var result = Gradients()
        guard requiresGrad else { return result }

        let seedGradient = Gradient.dense(seed ?? Tensor(shape: shape, repeating: 1))
        guard let root = node else {
            result.byTensor[ObjectIdentifier(self)] = seedGradient
            return result
        }

        // Topological order of the operations (iterative DFS; graphs of deep models are long).
        var order: [Node] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Node, Bool)] = [(root, false)]
        while let (n, expanded) = stack.popLast() {
            if expanded { order.append(n); continue }
            guard visited.insert(ObjectIdentifier(n)).inserted else { continue }
            stack.append((n, true))
            for case .interior(let input)? in n.edges where !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }

        // Each node runs once all its consumers have, then frees what it saved.
        var pending: [ObjectIdentifier: Gradient] = [ObjectIdentifier(root): seedGradient]
        while let n = order.popLast() {
            defer { n.release() }
            guard let g = pending.removeValue(forKey: ObjectIdentifier(n)) else { continue }
            for (edge, ig) in zip(n.edges, n.backward(g.densified())) {
                guard let edge, let ig else { continue }
                switch edge {
                case .leaf(let leaf):
                    let key = ObjectIdentifier(leaf)
                    result.byTensor[key] = result.byTensor[key].map { $0.adding(ig) } ?? ig
                case .interior(let input):
                    let key = ObjectIdentifier(input)
                    pending[key] = pending[key].map { $0.adding(ig) } ?? ig
                }
            }
        }
        return result
    }
}
