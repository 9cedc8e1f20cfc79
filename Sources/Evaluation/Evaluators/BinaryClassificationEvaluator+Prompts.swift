import Models

extension BinaryClassificationEvaluator {
    /// Both sentences take the model's symmetric-pair prompt, where this evaluator sets none.
    public func applyingDefaultPrompts(_ prompts: RolePrompts) -> any SentenceEvaluator {
        var copy = self
        copy.prompt = prompt ?? prompts.symmetric
        return copy
    }
}
