/// One recorded operation of the autodiff graph: its inputs and how to map the output gradient onto them.
final class Node {
    let inputs: [Tensor]
    let backward: (Tensor) -> [Gradient?]

    init(inputs: [Tensor], backward: @escaping (Tensor) -> [Gradient?]) {
        self.inputs = inputs
        self.backward = backward
    }
}
