import Models

extension RerankingEvaluator {
    /// Queries take the model's query prompt and candidates its document prompt, where this evaluator sets none.
    public func applyingDefaultPrompts(_ prompts: RolePrompts) -> any SentenceEvaluator {
        var copy = self
        copy.queryPrompt = queryPrompt ?? prompts.query
        copy.documentPrompt = documentPrompt ?? prompts.document
        return copy
    }
}
