/// One recorded operation of the autodiff graph: where its inputs' gradients go, and how to compute them.
///
/// A node refers to its inputs through edges (the leaf, or the node that made the input), not through the
/// input tensors themselves, so an input's elements stay alive only when the backward closure saved
/// them: the output of a dropout feeding a residual add is freed as soon as the forward pass is done
/// with it. `backward()` consumes the graph: once a node's gradient has been propagated it drops its
/// edges and its closure, so saved activations are freed layer by layer as backward walks down the
/// model (as PyTorch does without `retain_graph`).
final class Node {
    /// Where one input's gradient goes.
    enum Edge {
        /// A leaf that gradients flow to (a parameter): its gradient is a result.
        case leaf(Tensor)
        /// An input computed by another operation.
        case interior(Node)
    }

    /// One edge per input, nil where no gradient flows.
    private(set) var edges: [Edge?]
    private var backwardFunction: ((Tensor) -> [Gradient?])?

    init(inputs: [Tensor], backward: @escaping (Tensor) -> [Gradient?]) {
        edges = inputs.map { input in
            guard input.requiresGrad else { return nil }
            return input.node.map { .interior($0) } ?? .leaf(input)
        }
        backwardFunction = backward
    }

    /// The gradients of the inputs (one per edge), given the output's gradient.
    func backward(_ gradient: Tensor) -> [Gradient?] {
        guard let backwardFunction else {
            preconditionFailure("backward through a graph that an earlier backward() already consumed")
        }
        return backwardFunction(gradient)
    }

    /// Drops the edges and the saved tensors (after this node's gradient has been propagated).
    func release() {
        edges = []
        backwardFunction = nil
    }
}
