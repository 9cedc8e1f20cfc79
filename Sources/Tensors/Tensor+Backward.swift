extension Tensor {
    /// Reverse-mode autodiff: the gradients of this scalar with respect to every leaf that requires them.
    ///
    /// `seed` is the gradient of the output (default 1 for a one-element tensor).
    public func backward(seed: Tensor? = nil) -> Gradients {
        precondition(seed != nil || count == 1, "backward() without a seed needs a scalar, shape is \(shape)")
        var result = Gradients()
        guard requiresGrad else { return result }

        // Topological order of the graph (iterative DFS; graphs of deep models are long).
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (t, expanded) = stack.popLast() {
            if expanded { order.append(t); continue }
            guard visited.insert(ObjectIdentifier(t)).inserted else { continue }
            stack.append((t, true))
            for input in t.node?.inputs ?? [] where input.requiresGrad && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }

        var pending: [ObjectIdentifier: Gradient] = [ObjectIdentifier(self): .dense(seed ?? Tensor(shape: shape, repeating: 1))]
        for t in order.reversed() {
            guard let g = pending.removeValue(forKey: ObjectIdentifier(t)) else { continue }
            guard let node = t.node else {
                result.byTensor[ObjectIdentifier(t)] = g
                continue
            }
            let inputGrads = node.backward(g.densified())
            for (input, ig) in zip(node.inputs, inputGrads) {
                guard input.requiresGrad, let ig else { continue }
                let key = ObjectIdentifier(input)
                pending[key] = pending[key].map { $0.adding(ig) } ?? ig
            }
        }
        return result
    }
}
