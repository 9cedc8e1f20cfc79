import Models

extension ClusteringEvaluator {
    /// The texts take the model's symmetric prompt, where this evaluator sets none.
    public func applyingDefaultPrompts(_ prompts: RolePrompts) -> any SentenceEvaluator {
        var copy = self
        copy.prompt = prompt ?? prompts.symmetric
        return copy
    }
}
