import Models

extension InformationRetrievalEvaluator {
    /// Queries take the model's query prompt and the corpus its document prompt, where this evaluator sets none.
    public func applyingDefaultPrompts(_ prompts: RolePrompts) -> any SentenceEvaluator {
        var copy = self
        copy.queryPrompt = queryPrompt ?? prompts.query
        copy.corpusPrompt = corpusPrompt ?? prompts.document
        return copy
    }
}
